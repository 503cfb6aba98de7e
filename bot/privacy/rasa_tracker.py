"""What Rasa keeps about a person, erased on request and expired with age.

Rasa's SQL tracker store (see bot/ops/rasa_server.py) keeps one row per dialogue event in
its `events` table, keyed by `sender_id`, which is our conversation id (the router sends
it as the REST channel's `sender`). With Redis, Rasa's lock store also keeps a key per
conversation while a turn is served. Nothing else of Rasa's holds a conversation: Rasa
reads the tracker from the store at every turn and caches none.

Rasa writes that table with SQLAlchemy 1.4 in its own environment; here it is only read
and deleted from, through the same URL (`Settings.tracker_store_url`), on SQLite and
PostgreSQL alike.

A turn being served while rows are deleted could write some back (Rasa appends the events
it believes are missing), so both functions keep clear of turns in progress: erasing waits
for the conversation's turn to end, and expiring skips a conversation that is busy or was
active in the last few minutes (the next run takes it).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from functools import lru_cache

import redis
from sqlalchemy import (
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    inspect,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings
from bot.store.db import make_engine

# Rasa's own table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent), never created here.
_metadata = MetaData()
EVENTS = Table(
    "events",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)
# A conversation with an event this recent may be mid-turn: expiry leaves it for next time.
QUIET_SECONDS = 300.0
# How long erasing waits for a turn in progress (Rasa's own lock lifetime is 60 s, but a
# turn takes seconds).
ERASE_WAIT_SECONDS = 10.0


class TrackerStoreUnavailable(RuntimeError):
    """Rasa's tracker store could not be reached; nothing was (or may have been) deleted."""


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    return make_engine(url)


def _has_events_table(engine: Engine) -> bool:
    # Rasa creates the table when it first starts; before that there is nothing to delete.
    return inspect(engine).has_table("events")


def _redis(settings: Settings) -> redis.Redis | None:
    if not settings.redis_url:
        return None
    return redis.Redis.from_url(settings.redis_url, socket_connect_timeout=2, socket_timeout=5)


def _rasa_lock_key(settings: Settings, conversation_id: str) -> str:
    # RedisLockStore: "<key_prefix>:lock:<sender_id>".
    return f"{settings.redis_key_prefix}:lock:{conversation_id}"


def _turn_lock_key(settings: Settings, conversation_id: str) -> str:
    # bot/conversations/turn_locks.py
    return f"{settings.redis_key_prefix}:turn:{conversation_id}"


def _rasa_lock_busy(raw: bytes | None, now: float) -> bool:
    """A Rasa ticket lock is busy while any of its tickets has not expired."""
    if not raw:
        return False
    try:
        lock = json.loads(raw)
        return any(float(t.get("expires", 0)) > now for t in lock.get("tickets") or [])
    except (ValueError, AttributeError, TypeError):
        return False


def _busy(client: redis.Redis, settings: Settings, conversation_id: str) -> bool:
    if client.exists(_turn_lock_key(settings, conversation_id)):
        return True
    raw = client.get(_rasa_lock_key(settings, conversation_id))
    return _rasa_lock_busy(raw if isinstance(raw, bytes) else None, time.time())


def erase_tracker(settings: Settings, conversation_id: str) -> None:
    """Remove everything Rasa keeps for this conversation: its events and its lock.

    Call it after the conversation is gone (or closed) from our database, so that no new
    turn starts; a turn already in progress is waited for (up to ERASE_WAIT_SECONDS).
    Raises TrackerStoreUnavailable if the store cannot be reached, so the caller can retry.
    """
    client = _redis(settings)
    try:
        if client is not None:
            deadline = time.monotonic() + ERASE_WAIT_SECONDS
            while _busy(client, settings, conversation_id) and time.monotonic() < deadline:
                time.sleep(0.1)
        engine = _engine(settings.tracker_store_url)
        if _has_events_table(engine):
            with engine.begin() as conn:
                conn.execute(delete(EVENTS).where(EVENTS.c.sender_id == conversation_id))
        if client is not None:
            client.delete(_rasa_lock_key(settings, conversation_id))
    except (SQLAlchemyError, redis.RedisError, OSError) as exc:
        raise TrackerStoreUnavailable(type(exc).__name__) from exc
    finally:
        if client is not None:
            client.close()


def _scan_ids(client: redis.Redis, pattern_prefix: str) -> Iterable[tuple[str, bytes]]:
    for key in client.scan_iter(match=f"{pattern_prefix}*", count=500):
        name = key.decode() if isinstance(key, bytes) else str(key)
        yield name.removeprefix(pattern_prefix), key


def expire_trackers(settings: Settings, older_than: datetime) -> int:
    """Delete Rasa's events from before `older_than`; returns how many were deleted.

    A conversation that is busy (a turn in progress) or had an event in the last
    QUIET_SECONDS keeps its events until the next run. Rasa locks left behind by a turn
    that never finished (a Rasa process killed mid-turn) are removed once their
    conversation has no events left. Raises TrackerStoreUnavailable if the store cannot
    be reached.
    """
    if older_than.tzinfo is None:
        raise ValueError("older_than must be timezone-aware")
    cutoff = older_than.astimezone(timezone.utc).timestamp()
    now = time.time()
    client = _redis(settings)
    try:
        engine = _engine(settings.tracker_store_url)
        if not _has_events_table(engine):
            return 0
        busy: set[str] = set()
        rasa_locks: dict[str, bytes] = {}
        if client is not None:
            busy.update(sid for sid, _ in _scan_ids(client, _turn_lock_key(settings, "")))
            for sid, key in _scan_ids(client, _rasa_lock_key(settings, "")):
                raw = client.get(key)
                if _rasa_lock_busy(raw if isinstance(raw, bytes) else None, now):
                    busy.add(sid)
                else:
                    rasa_locks[sid] = key
        recent = (
            select(EVENTS.c.sender_id)
            .where(EVENTS.c.timestamp >= now - QUIET_SECONDS)
            .distinct()
            .scalar_subquery()
        )
        condition = EVENTS.c.timestamp < cutoff
        condition &= EVENTS.c.sender_id.not_in(recent)
        if busy:
            condition &= EVENTS.c.sender_id.not_in(sorted(busy))
        with engine.begin() as conn:
            deleted = int(conn.execute(delete(EVENTS).where(condition)).rowcount or 0)
            if rasa_locks:
                remaining = set(
                    conn.scalars(
                        select(EVENTS.c.sender_id)
                        .where(EVENTS.c.sender_id.in_(sorted(rasa_locks)))
                        .distinct()
                    )
                )
            else:
                remaining = set()
        stale = [key for sid, key in rasa_locks.items() if sid not in remaining]
        if client is not None and stale:
            client.delete(*stale)
        return deleted
    except (SQLAlchemyError, redis.RedisError, OSError) as exc:
        raise TrackerStoreUnavailable(type(exc).__name__) from exc
    finally:
        if client is not None:
            client.close()


def tracker_senders(settings: Settings) -> set[str]:
    """Every conversation id that Rasa's tracker store holds events for."""
    try:
        engine = _engine(settings.tracker_store_url)
        if not _has_events_table(engine):
            return set()
        with engine.connect() as conn:
            return set(conn.scalars(select(EVENTS.c.sender_id).distinct()))
    except SQLAlchemyError as exc:
        raise TrackerStoreUnavailable(type(exc).__name__) from exc


def erase_orphan_trackers(settings: Settings, known: Callable[[list[str]], set[str]]) -> int:
    """Erase the trackers of conversations our database no longer has; returns how many.

    A person's erasure removes the tracker at once; this catches one that could not be
    reached then (the tracker store was down), and anything else left behind, within one
    retention interval. `known` says which of some ids are still conversations of ours
    (every conversation row is written before its first message reaches Rasa).
    """
    senders = sorted(tracker_senders(settings))
    erased = 0
    for start in range(0, len(senders), 500):
        batch = senders[start : start + 500]
        alive = known(batch)
        for sender in batch:
            if sender not in alive:
                erase_tracker(settings, sender)
                erased += 1
    return erased
