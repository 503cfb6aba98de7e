"""With Redis, of several web instances only one polls Telegram (two pollers of one bot
make Telegram refuse both): the real app, twice, against the fake Bot API."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.content.catalogue import ResponseCatalogue
from bot.ops.stack import LOCAL_REDIS
from bot.settings import Settings
from bot.web.app import create_app
from tests.fakes import FakeRasa
from tests.fakes_telegram import FakeTelegram


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram().running() as fake:
        yield fake


def test_two_web_instances_with_one_bot_token_poll_from_one_only(
    settings: Settings,
    catalogue: ResponseCatalogue,
    fake_telegram: FakeTelegram,
    redis_prefix: str,
) -> None:
    scaled = settings.model_copy(
        update={
            "redis_url": LOCAL_REDIS,
            "redis_key_prefix": redis_prefix,
            "telegram_bot_token": fake_telegram.token,
            "telegram_base_url": fake_telegram.base_url,
        }
    )
    fake = FakeRasa(catalogue, {})
    first = TestClient(create_app(scaled, fake.transport()))
    second = TestClient(create_app(scaled, fake.transport()))
    with first, second:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if sum(c.method == "getUpdates" for c in fake_telegram.calls) >= 2:
                break
            time.sleep(0.2)
        time.sleep(2)
        assert first.get("/api/ready").status_code == 200
        assert second.get("/api/ready").status_code == 200
    connects = [c for c in fake_telegram.calls if c.method == "getMe"]
    assert len(connects) == 1
    assert sum(c.method == "getUpdates" for c in fake_telegram.calls) >= 2
    assert fake_telegram.conflicts == 0
