"""Search the directory: the next meeting of each matching service, soonest first.

An indexed range scan on `session_occurrence` (area or health board, then start time),
keeping each service's first date, so the best three are three different services, not
three dates of one weekly group. Past and cancelled sessions never appear: the window
starts no earlier than now and cancelled occurrences are filtered in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Literal

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from bot.directory.areas import area_by_slug, neighbours
from bot.directory.when import LONDON
from bot.store.models import Organisation, Service, SessionOccurrence, as_utc

DeliveryLanguage = Literal["cy", "en", "bsl"]
SCAN_BATCH = 200
Delivery = Literal["in_person", "online", "phone"]


@dataclass(frozen=True)
class SearchQuery:
    start: datetime
    end: datetime
    # A local authority or health board slug; None means anywhere in Wales.
    area: str | None = None
    online_only: bool = False
    delivery: Delivery | None = None
    language: DeliveryLanguage | None = None
    topic: str | None = None
    kind: str | None = None
    # Local start hours to keep on each day ("evenings": (17, 24)); None keeps any hour.
    hours: tuple[int, int] | None = None

    def keeps(self, starts_at: datetime) -> bool:
        if self.hours is None:
            return True
        low, high = self.hours
        return low <= starts_at.astimezone(LONDON).hour < high


@dataclass(frozen=True)
class SessionHit:
    service: Service
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class SearchResult:
    hits: list[SessionHit]
    has_more: bool
    query: SearchQuery


def _filters(query: SearchQuery, now: datetime) -> list[object]:
    occurrence = SessionOccurrence
    conditions: list[object] = [
        occurrence.starts_at >= max(query.start, now),
        occurrence.starts_at < query.end,
        occurrence.cancelled.is_(False),
        Service.archived_at.is_(None),
    ]
    if query.online_only or query.delivery == "online":
        conditions.append(occurrence.online.is_(True))
    elif query.area:
        area = area_by_slug(query.area)
        if area is not None and area.kind == "health_board":
            conditions.append(occurrence.health_board_slug == query.area)
        else:
            conditions.append(occurrence.area_slug == query.area)
    if query.delivery == "in_person":
        conditions.append(Service.in_person.is_(True))
    if query.delivery == "phone":
        conditions.append(Service.by_phone.is_(True))
    if query.language == "cy":
        conditions.append(Service.in_welsh.is_(True))
    elif query.language == "en":
        conditions.append(Service.in_english.is_(True))
    elif query.language == "bsl":
        conditions.append(Service.in_bsl.is_(True))
    if query.topic:
        # Topics are a short JSON list; a LIKE on its text works on SQLite and PostgreSQL.
        conditions.append(cast(Service.topics, String).like(f'%"{query.topic}"%'))
    if query.kind:
        conditions.append(occurrence.kind == query.kind)
    return conditions


def search(
    session: Session,
    query: SearchQuery,
    limit: int = 3,
    offset: int = 0,
    now: datetime | None = None,
) -> SearchResult:
    now = now or datetime.now(timezone.utc)
    wanted = offset + limit + 1  # one more than shown tells whether "show more" has any
    first: dict[int, tuple[datetime, datetime]] = {}
    scanned = 0
    # Walk the sessions in time order (an index range scan) and keep each service's first
    # one, stopping as soon as enough services are found. Grouping every matching row
    # first cost ~30 ms for "anywhere, this month" over 100,000 dates (bench/search_latency).
    while len(first) < wanted:
        rows = session.execute(
            select(
                SessionOccurrence.service_id,
                SessionOccurrence.starts_at,
                SessionOccurrence.ends_at,
            )
            .join(Service, Service.id == SessionOccurrence.service_id)
            .where(*_filters(query, now))  # type: ignore[arg-type]
            .order_by(SessionOccurrence.starts_at, SessionOccurrence.id)
            .limit(SCAN_BATCH)
            .offset(scanned)
        ).all()
        for service_id, starts, ends in rows:
            # The hour of the day is checked here, not in SQL: local hours across clock
            # changes are easy in Python and differ between SQLite and PostgreSQL in SQL.
            if query.keeps(as_utc(starts)):
                first.setdefault(service_id, (as_utc(starts), as_utc(ends)))
        scanned += len(rows)
        if len(rows) < SCAN_BATCH:
            break
    chosen = list(first.items())[offset : offset + limit]
    services = {
        s.id: s
        for s in session.scalars(select(Service).where(Service.id.in_([i for i, _ in chosen])))
    }
    hits = [SessionHit(services[i], starts, ends) for i, (starts, ends) in chosen]
    return SearchResult(hits, len(first) > offset + limit, query)


@dataclass(frozen=True)
class Alternatives:
    """What to offer when nothing matched: honest, nearest options first."""

    online: SearchResult | None
    nearby: SearchResult | None
    later: SearchResult | None
    organisations: list[Organisation]


def alternatives(session: Session, query: SearchQuery, now: datetime | None = None) -> Alternatives:
    online = None
    if not query.online_only:
        online = search(session, replace(query, area=None, online_only=True), now=now)
    nearby = None
    area = area_by_slug(query.area) if query.area else None
    if area is not None and area.kind == "local_authority":
        best: SearchResult | None = None
        for neighbour in neighbours(area.slug):
            found = search(session, replace(query, area=neighbour), now=now)
            if found.hits and (best is None or found.hits[0].starts_at < best.hits[0].starts_at):
                best = found
        nearby = best
    later = search(
        session,
        replace(query, start=query.end, end=query.end + timedelta(days=60)),
        now=now,
    )
    organisations = organisations_serving(session, query.area) if query.area else []
    return Alternatives(
        online if online and online.hits else None,
        nearby,
        later if later.hits else None,
        organisations,
    )


def organisations_serving(session: Session, area: str, limit: int = 3) -> list[Organisation]:
    """Organisations with a service in a local authority or health board, to contact directly
    when nothing matched, or when the search itself cannot run."""
    return list(
        session.scalars(
            select(Organisation)
            .join(Service, Service.organisation_slug == Organisation.slug)
            .where((Service.area_slug == area) | (Service.health_board_slug == area))
            .where(Organisation.archived_at.is_(None), Service.archived_at.is_(None))
            .distinct()
            .limit(limit)
        )
    )


def sample_data_in_use(session: Session) -> bool:
    """True while any sample service is live: answers must say the data is sample data."""
    return (
        session.scalar(
            select(Service.id).where(Service.sample.is_(True), Service.archived_at.is_(None))
        )
        is not None
    )
