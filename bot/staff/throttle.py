"""Sign-in throttling that every web process shares, because it lives in the database.

Each refused sign-in adds a row keyed by a hash of the username and one keyed by a hash of
the client address. While either key has `max` rows inside the window, sign-in is refused
before the password is even checked (so a flood costs no hashing). A successful sign-in
clears its username's rows. Two processes counting at the same instant may each let one
extra attempt through; the limit still holds to within the number of processes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.store.models import StaffLoginFailure, as_utc


@dataclass(frozen=True)
class ThrottlePolicy:
    per_account: int = 5
    per_address: int = 30
    window: timedelta = timedelta(minutes=15)


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def account_key(username: str) -> str:
    return _key("account", username.strip().lower())


def address_key(address: str) -> str:
    return _key("address", address)


def retry_after(
    session: Session, username: str, address: str, policy: ThrottlePolicy, now: datetime
) -> timedelta | None:
    """How long until another try is allowed, or None if one is allowed now."""
    since = now - policy.window
    waits: list[timedelta] = []
    for key, limit in (
        (account_key(username), policy.per_account),
        (address_key(address), policy.per_address),
    ):
        count, oldest = session.execute(
            select(func.count(StaffLoginFailure.id), func.min(StaffLoginFailure.failed_at)).where(
                StaffLoginFailure.key_hash == key, StaffLoginFailure.failed_at > since
            )
        ).one()
        if count >= limit and oldest is not None:
            if count > limit:
                # Only the newest `limit` rows matter: wait until the excess ones age out.
                oldest = session.scalars(
                    select(StaffLoginFailure.failed_at)
                    .where(StaffLoginFailure.key_hash == key, StaffLoginFailure.failed_at > since)
                    .order_by(StaffLoginFailure.failed_at.desc())
                    .offset(limit - 1)
                    .limit(1)
                ).one()
            waits.append(as_utc(oldest) + policy.window - now)
    if not waits:
        return None
    return max(max(waits), timedelta(seconds=1))


def record_failure(
    session: Session, username: str, address: str, policy: ThrottlePolicy, now: datetime
) -> None:
    session.execute(
        delete(StaffLoginFailure).where(StaffLoginFailure.failed_at <= now - policy.window)
    )
    for key in (account_key(username), address_key(address)):
        session.add(StaffLoginFailure(key_hash=key, failed_at=now))


def clear_account(session: Session, username: str) -> None:
    session.execute(
        delete(StaffLoginFailure).where(StaffLoginFailure.key_hash == account_key(username))
    )
