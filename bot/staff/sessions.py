"""Signed-in browsers: a random cookie token of which only a SHA-256 is stored.

A copy of the database therefore cannot be used to sign in. A session ends when its owner
signs out, after `idle` without a request, at `absolute` after sign-in whatever happens,
and when the account is deactivated or its password reset (`end_sessions_of`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from bot.store.models import StaffAccount, StaffSession, as_utc

# Writing last_seen_at on every request would be a write per page; a minute is plenty
# against an idle limit of many minutes.
TOUCH_EVERY = timedelta(seconds=60)
MAX_TOKEN_CHARS = 100


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)


@dataclass(frozen=True)
class OpenedSession:
    token: str
    csrf_token: str


@dataclass(frozen=True)
class FoundSession:
    token_hash: str
    csrf_token: str
    account: StaffAccount
    flash: dict[str, Any] | None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def open_session(
    session: Session, account: StaffAccount, policy: SessionPolicy, now: datetime | None = None
) -> OpenedSession:
    """A new session (never a reused one, so a planted cookie cannot be signed in)."""
    now = now or now_utc()
    session.execute(
        delete(StaffSession).where(
            or_(StaffSession.expires_at < now, StaffSession.last_seen_at < now - policy.idle)
        )
    )
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=token_hash(token),
            staff_id=account.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + policy.absolute,
            csrf_token=csrf,
        )
    )
    return OpenedSession(token, csrf)


def find_session(
    session: Session,
    token: str | None,
    policy: SessionPolicy,
    now: datetime | None = None,
    touch: bool = True,
) -> FoundSession | None:
    """The live session for a cookie, with its active account; counts as activity."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    now = now or now_utc()
    found = session.get(StaffSession, token_hash(token))
    if found is None:
        return None
    if as_utc(found.expires_at) <= now or as_utc(found.last_seen_at) <= now - policy.idle:
        session.delete(found)
        return None
    account = session.get(StaffAccount, found.staff_id)
    if account is None or not account.active:
        return None
    if touch and as_utc(found.last_seen_at) <= now - TOUCH_EVERY:
        found.last_seen_at = now
    return FoundSession(found.token_hash, found.csrf_token, account, found.flash)


def set_flash(session: Session, hashed: str, flash: dict[str, Any] | None) -> None:
    session.execute(
        update(StaffSession).where(StaffSession.token_hash == hashed).values(flash=flash)
    )


def close_session(session: Session, token: str | None) -> int | None:
    """Ends one session; returns whose it was (for the audit log), if it existed."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    found = session.get(StaffSession, token_hash(token))
    if found is None:
        return None
    staff_id = found.staff_id
    session.delete(found)
    return staff_id


def end_sessions_of(session: Session, staff_id: int, keep: str | None = None) -> None:
    """Signs an account out everywhere (except, optionally, the session doing it)."""
    ended = delete(StaffSession).where(StaffSession.staff_id == staff_id)
    if keep is not None:
        ended = ended.where(StaffSession.token_hash != keep)
    session.execute(ended)
