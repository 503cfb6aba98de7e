"""A conversation start waiting on the database never holds up anyone else's request."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from bot.content.catalogue import ResponseCatalogue
from bot.settings import Settings, get_settings
from bot.store.db import get_engine, get_sessionmaker
from bot.web.app import create_app
from tests.fakes import FakeRasa
from tests.router.test_router_faults import WriteLock


def _forget_engines() -> None:
    get_settings.cache_clear()
    get_engine.cache_clear()
    get_sessionmaker.cache_clear()


@pytest.fixture
def patient_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Writes wait up to 30 s for SQLite's lock, far longer than the test needs."""
    monkeypatch.setenv("DATABASE_BUSY_TIMEOUT_SECONDS", "30")
    _forget_engines()
    yield
    monkeypatch.undo()
    _forget_engines()


async def test_a_start_waiting_for_a_locked_database_leaves_others_answered(
    patient_database: None, settings: Settings, catalogue: ResponseCatalogue
) -> None:
    app = create_app(settings, FakeRasa(catalogue).transport())
    transport = httpx.ASGITransport(app=app)
    lock = WriteLock(settings.database_url)
    lock.hold()
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://cymar.test") as http:
            starting = asyncio.create_task(http.post("/api/conversations", json={}))
            await asyncio.sleep(0)  # the start is under way, waiting for the lock
            # Another request is answered while that start still waits: had the start
            # waited on the event loop, nothing could answer until it had finished.
            assert (await http.get("/api/live")).status_code == 200
            assert not starting.done()
            lock.release()
            started = await starting
        assert started.status_code == 201
        assert started.json()["conversation_token"]
    finally:
        lock.release()
