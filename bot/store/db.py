"""Engine and session factory; one per process, created on first use (no I/O at import)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import get_settings

# Cymar's statements take milliseconds; the retention sweep's deletes are the longest.
POSTGRES_STATEMENT_TIMEOUT_MS = 30_000
POSTGRES_IDLE_IN_TRANSACTION_MS = 60_000
POSTGRES_CONNECT_TIMEOUT_SECONDS = 5


def make_engine(url: str, busy_timeout_seconds: float | None = None) -> Engine:
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if busy_timeout_seconds is None:
        busy_timeout_seconds = get_settings().database_busy_timeout_seconds
    if url.startswith("sqlite"):
        # Several processes share one SQLite file; wait a little for a lock, not forever.
        kwargs["connect_args"] = {"timeout": busy_timeout_seconds, "check_same_thread": False}
    elif url.startswith("postgresql"):
        # The same promise on PostgreSQL: a write stuck behind another's row lock, a
        # runaway query or a server that does not answer fails within seconds (the person
        # is told and their client sends again) instead of holding a worker thread forever.
        lock_ms = int(busy_timeout_seconds * 1000)
        kwargs["connect_args"] = {
            "connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS,
            "options": (
                f"-c lock_timeout={lock_ms} -c statement_timeout={POSTGRES_STATEMENT_TIMEOUT_MS}"
                f" -c idle_in_transaction_session_timeout={POSTGRES_IDLE_IN_TRANSACTION_MS}"
            ),
        }
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        busy_ms = int(busy_timeout_seconds * 1000)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            # WAL lets the NLG endpoint read while the router writes.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={busy_ms}")
            cur.close()

    return engine


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    return make_engine(url or get_settings().database_url)


@lru_cache(maxsize=4)
def get_sessionmaker(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A unit of work: commit on success, roll back on error."""
    session = get_sessionmaker(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
