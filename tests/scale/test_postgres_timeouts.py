"""On PostgreSQL a write stuck behind another transaction's lock fails within seconds, as it
does on SQLite, so the router can tell the person and their client can send again, instead of
a worker thread waiting for ever."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.store.db import make_engine


def test_a_write_behind_a_held_lock_gives_up_instead_of_waiting_for_ever(
    postgres_url: str,
) -> None:
    holder = make_engine(postgres_url)
    writer = make_engine(postgres_url, busy_timeout_seconds=0.5)
    outcome: list[BaseException | None] = []

    def write() -> None:
        try:
            with writer.begin() as conn:
                conn.execute(text("UPDATE crisis_line SET updated_at = updated_at"))
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    with holder.begin() as conn:
        conn.execute(text("LOCK TABLE crisis_line IN ACCESS EXCLUSIVE MODE"))
        attempt = threading.Thread(target=write, daemon=True)
        attempt.start()
        # Generous: only a writer with no lock timeout at all is still waiting after this.
        attempt.join(20)
        still_waiting = attempt.is_alive()
    attempt.join(20)
    holder.dispose()
    writer.dispose()
    assert not still_waiting, "the write waited on the lock instead of giving up"
    assert isinstance(outcome[0], OperationalError)
    assert "lock timeout" in str(outcome[0])


def test_the_settings_reach_every_postgres_connection(postgres_url: str) -> None:
    engine = make_engine(postgres_url, busy_timeout_seconds=2.0)
    with engine.connect() as conn:
        assert conn.execute(text("SHOW lock_timeout")).scalar() == "2s"
        assert conn.execute(text("SHOW statement_timeout")).scalar() == "30s"
    engine.dispose()


@pytest.fixture(autouse=True)
def _has_crisis_lines(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM crisis_line")).scalar()
    engine.dispose()
