"""Erasing and expiring Rasa's trackers, on real SQLite and real PostgreSQL.

Rasa's own SQLTrackerStore (in Rasa's environment) writes the trackers and reads them back,
so these tests see exactly what Rasa would remember after our deletes.
"""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import redis

from bot.ops.stack import (
    LOCAL_POSTGRES,
    LOCAL_REDIS,
    clear_redis_prefix,
    temporary_database,
    unique_redis_prefix,
)
from bot.privacy.rasa_tracker import (
    TrackerStoreUnavailable,
    erase_tracker,
    expire_trackers,
)
from bot.settings import ROOT, Settings

RASA_PYTHON = ROOT / ".venv" / "rasa" / "bin" / "python"
RASA_SIDE = Path(__file__).with_name("rasa_side.py")
DAY = 24 * 3600.0


def rasa(*args: str) -> Any:
    done = subprocess.run(
        [str(RASA_PYTHON), str(RASA_SIDE), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "SQLALCHEMY_SILENCE_UBER_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rasa-tracker.db'}"
        return
    with temporary_database(LOCAL_POSTGRES) as url:
        yield url


@pytest.fixture
def prefix() -> Iterator[str]:
    chosen = unique_redis_prefix()
    yield chosen
    clear_redis_prefix(LOCAL_REDIS, chosen)


def settings_for(tracker_url: str, prefix: str, with_redis: bool = True) -> Settings:
    return Settings(
        rasa_tracker_store_url=tracker_url,
        redis_url=LOCAL_REDIS if with_redis else None,
        redis_key_prefix=prefix,
    )


def sender() -> str:
    return uuid.uuid4().hex


def test_erasing_a_conversation_leaves_rasa_nothing_of_it_and_others_untouched(
    tracker_url: str, prefix: str
) -> None:
    now = time.time()
    gone, kept = sender(), sender()
    rasa(
        "write",
        tracker_url,
        json.dumps(
            {
                gone: [["user", "mae pethau'n anodd", now - 60], ["bot", "Mae'n ddrwg gen i", now]],
                kept: [["user", "what is peer support", now]],
            }
        ),
    )
    # A Rasa lock left behind for the conversation (Rasa's RedisLockStore format).
    client = redis.Redis.from_url(LOCAL_REDIS)
    lock_key = f"{prefix}:lock:{gone}"
    client.set(lock_key, json.dumps({"conversation_id": gone, "tickets": []}))

    erase_tracker(settings_for(tracker_url, prefix), gone)

    after = rasa("read", tracker_url, gone, kept)
    assert after[gone] is None
    assert [text for _, text, _ in after[kept]] == ["what is peer support"]
    assert not client.exists(lock_key)
    client.close()


def test_erasing_waits_for_a_turn_in_progress_so_rasa_cannot_write_it_back(
    tracker_url: str, prefix: str
) -> None:
    conversation = sender()
    rasa("write", tracker_url, json.dumps({conversation: [["user", "helo", time.time()]]}))
    client = redis.Redis.from_url(LOCAL_REDIS)
    # The router holds its turn lock while Rasa answers; it ends in a second.
    client.set(f"{prefix}:turn:{conversation}", "1", px=1000)
    started = time.monotonic()
    erase_tracker(settings_for(tracker_url, prefix), conversation)
    assert time.monotonic() - started >= 0.8
    assert rasa("read", tracker_url, conversation)[conversation] is None
    client.close()


def test_erasing_works_before_rasa_ever_ran_and_without_redis(tmp_path: Path) -> None:
    empty = f"sqlite:///{tmp_path / 'never-started.db'}"
    erase_tracker(settings_for(empty, "cymar", with_redis=False), sender())


def test_expiring_deletes_only_events_older_than_the_date(tracker_url: str, prefix: str) -> None:
    now = time.time()
    old, mixed, quiet_recent, busy = sender(), sender(), sender(), sender()
    rasa(
        "write",
        tracker_url,
        json.dumps(
            {
                old: [["user", "hen neges", now - 40 * DAY], ["bot", "hen ateb", now - 40 * DAY]],
                mixed: [["user", "old question", now - 35 * DAY], ["user", "new", now - 2 * DAY]],
                # Still talking a minute ago: a turn may be under way, so it waits.
                quiet_recent: [["user", "ancient", now - 50 * DAY], ["user", "now", now - 60]],
                busy: [["user", "old but busy", now - 45 * DAY]],
            }
        ),
    )
    client = redis.Redis.from_url(LOCAL_REDIS)
    expires = time.time() + 30
    client.set(
        f"{prefix}:lock:{busy}",
        json.dumps({"conversation_id": busy, "tickets": [{"number": 0, "expires": expires}]}),
    )
    # A lock left by a Rasa process that died mid-turn: every ticket long expired.
    client.set(
        f"{prefix}:lock:{old}",
        json.dumps({"conversation_id": old, "tickets": [{"number": 3, "expires": now - DAY}]}),
    )

    cutoff = datetime.now(timezone.utc) - timedelta(days=30)
    deleted = expire_trackers(settings_for(tracker_url, prefix), cutoff)

    after = rasa("read", tracker_url, old, mixed, quiet_recent, busy)
    assert after[old] is None
    assert [text for _, text, _ in after[mixed]] == ["new"]
    assert [text for _, text, _ in after[quiet_recent]] == ["ancient", "now"]
    assert [text for _, text, _ in after[busy]] == ["old but busy"]
    # Rasa stores an ActionExecuted before each bot message: 3 events for `old`, 1 for `mixed`.
    assert deleted == 4
    assert not client.exists(f"{prefix}:lock:{old}")
    assert client.exists(f"{prefix}:lock:{busy}")
    client.close()

    # Running it again finds nothing more to do.
    assert expire_trackers(settings_for(tracker_url, prefix), cutoff) == 0


def test_expiring_needs_an_aware_date(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        expire_trackers(
            settings_for(f"sqlite:///{tmp_path / 'x.db'}", "cymar", with_redis=False),
            datetime(2020, 1, 1),
        )


def test_an_unreachable_tracker_store_is_reported_not_ignored() -> None:
    settings = settings_for(
        "postgresql+psycopg2://postgres@127.0.0.1:1/nowhere", "cymar", with_redis=False
    )
    with pytest.raises(TrackerStoreUnavailable):
        erase_tracker(settings, sender())
    with pytest.raises(TrackerStoreUnavailable):
        expire_trackers(settings, datetime.now(timezone.utc))
