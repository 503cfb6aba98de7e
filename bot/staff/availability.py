"""Who can take a chat now: on duty, organisation open, and a live inbox (or Telegram).

Opening hours are per organisation in Welsh local time. An organisation with no hours set
is open whenever one of its supporters is on duty (small groups often work that way).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import PeerOpeningHours, StaffAccount, as_utc

WALES = ZoneInfo("Europe/London")
PEER_ROLE = "peer_supporter"


@dataclass(frozen=True)
class Availability:
    """Who could answer a request in each language right now."""

    supporters: tuple[StaffAccount, ...]

    def speaking(self, language: str) -> list[StaffAccount]:
        return [s for s in self.supporters if language in (s.languages or [])]

    @property
    def anyone(self) -> bool:
        return bool(self.supporters)


def open_organisations(session: Session, now: datetime) -> tuple[set[str], set[str]]:
    """(organisations open now, organisations that have any hours set)."""
    local = now.astimezone(WALES)
    clock = local.strftime("%H:%M")
    with_hours: set[str] = set()
    open_now: set[str] = set()
    rows: dict[str, list[PeerOpeningHours]] = defaultdict(list)
    for row in session.scalars(select(PeerOpeningHours)):
        rows[row.organisation_slug].append(row)
        with_hours.add(row.organisation_slug)
    for slug, hours in rows.items():
        if any(h.weekday == local.weekday() and h.opens_at <= clock < h.closes_at for h in hours):
            open_now.add(slug)
    return open_now, with_hours


def is_present(account: StaffAccount, now: datetime, presence_seconds: float) -> bool:
    """A live inbox (its heartbeat) or a linked Telegram account counts as present."""
    if account.telegram_user_id is not None:
        return True
    return account.last_seen_at is not None and as_utc(account.last_seen_at) >= now - timedelta(
        seconds=presence_seconds
    )


def can_take_chats(
    account: StaffAccount,
    now: datetime,
    presence_seconds: float,
    open_now: set[str],
    with_hours: set[str],
) -> bool:
    if not account.active or not account.on_duty or PEER_ROLE not in (account.roles or []):
        return False
    org = account.organisation_slug
    if org is not None and org in with_hours and org not in open_now:
        return False
    return is_present(account, now, presence_seconds)


def available_now(session: Session, now: datetime, presence_seconds: float) -> Availability:
    open_now, with_hours = open_organisations(session, now)
    candidates = session.scalars(
        select(StaffAccount).where(StaffAccount.on_duty.is_(True), StaffAccount.active.is_(True))
    ).all()
    return Availability(
        tuple(
            s for s in candidates if can_take_chats(s, now, presence_seconds, open_now, with_hours)
        )
    )
