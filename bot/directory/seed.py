"""Load `data/directory/services.yml` into the database and keep sessions expanded ahead.

Upserts by slug so a re-seed updates the sample set in place. Recurrences are expanded into
`SessionOccurrence` rows for the next EXPAND_DAYS; `refresh_occurrences` extends them as
time passes (run at start-up and by the daily job).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.directory.areas import areas
from bot.directory.schedule import WALES, RecurrenceSpec, expand
from bot.store.models import Area, Organisation, Recurrence, Service, SessionOccurrence
from bot.yaml_files import read_yaml

EXPAND_DAYS = 180


def _health_board_of(area_slug: str | None) -> str | None:
    if area_slug is None:
        return None
    from bot.directory.areas import area_by_slug

    area = area_by_slug(area_slug)
    return area.health_board if area else None


def _service_fields(row: dict[str, Any]) -> dict[str, Any]:
    venue = row.get("venue") or {}
    booking = row.get("booking") or {}
    audience = row.get("audience") or {}
    delivery = set(row.get("delivery") or [])
    languages = set(row.get("languages") or ["en"])
    return {
        "organisation_slug": row["organisation"],
        "kind": row["kind"],
        "title_en": row["title_en"],
        "title_cy": row["title_cy"],
        "description_en": row.get("description_en", ""),
        "description_cy": row.get("description_cy", ""),
        "topics": list(row.get("topics") or []),
        "area_slug": row.get("area"),
        "health_board_slug": _health_board_of(row.get("area")),
        "venue_name_en": venue.get("name_en"),
        "venue_name_cy": venue.get("name_cy"),
        "address": venue.get("address"),
        "postcode": venue.get("postcode"),
        "in_person": "in_person" in delivery,
        "online": "online" in delivery,
        "by_phone": "phone" in delivery,
        "in_welsh": "cy" in languages,
        "in_english": "en" in languages,
        "in_bsl": "bsl" in languages,
        "cost_en": row.get("cost_en", "Free"),
        "cost_cy": row.get("cost_cy", "Am ddim"),
        "booking_method": booking.get("method", "drop_in"),
        "booking_value": booking.get("value"),
        "access": list(row.get("access") or []),
        "min_age": audience.get("min_age"),
        "carers_welcome": bool(audience.get("carers_welcome", False)),
        "hours_en": row.get("hours_en"),
        "hours_cy": row.get("hours_cy"),
    }


def _recurrence_spec(rec: Recurrence) -> RecurrenceSpec:
    return RecurrenceSpec(
        freq=rec.freq,
        weekday=rec.weekday,
        local_time=time.fromisoformat(rec.local_time),
        duration_minutes=rec.duration_minutes,
        starts_on=rec.starts_on,
        ends_on=rec.ends_on,
        week_of_month=rec.week_of_month,
    )


def _add_occurrence(
    session: Session,
    service: Service,
    local_start: datetime,
    minutes: int,
    cancelled: bool,
    existing: set[datetime],
) -> None:
    row = _occurrence_row(service, local_start, minutes, cancelled, existing)
    if row is not None:
        session.add(SessionOccurrence(**row))


def _occurrence_row(
    service: Service,
    local_start: datetime,
    minutes: int,
    cancelled: bool,
    existing: set[datetime],
) -> dict[str, Any] | None:
    starts = local_start.astimezone(timezone.utc)
    if starts in existing:
        return None
    existing.add(starts)
    return {
        "service_id": service.id,
        "starts_at": starts,
        "ends_at": starts + timedelta(minutes=minutes),
        "cancelled": cancelled,
        "area_slug": service.area_slug,
        "health_board_slug": service.health_board_slug,
        "online": service.online,
        "kind": service.kind,
    }


def _existing_starts(session: Session, service: Service) -> set[datetime]:
    rows = session.scalars(
        select(SessionOccurrence.starts_at).where(SessionOccurrence.service_id == service.id)
    )
    # SQLite hands back naive UTC datetimes; compare like with like.
    return {r if r.tzinfo else r.replace(tzinfo=timezone.utc) for r in rows}


def seed_areas(session: Session) -> int:
    """Upsert the areas of Wales (health boards first: local authorities refer to them)."""
    ordered = sorted(areas(), key=lambda a: a.kind != "health_board")
    for area in ordered:
        row = session.get(Area, area.slug) or Area(slug=area.slug)
        row.kind, row.name_en, row.name_cy = area.kind, area.name_en, area.name_cy
        row.health_board_slug = area.health_board
        session.add(row)
        session.flush()
    return len(ordered)


def seed_directory(session: Session, path: Path, today: date | None = None) -> dict[str, int]:
    """Upsert areas, organisations and services from the YAML file; returns counts.

    A row staff have changed since it last matched the file (its record no longer matches
    `synced_fingerprint`) is left alone: re-seeding at start-up must never undo an edit.
    `python -m bot.ops.directory import` reports such rows and can overwrite them.
    """
    from bot.directory import records

    seed_areas(session)
    doc = read_yaml(path) or {}
    sample = bool(doc.get("sample_data", False))
    today = today or datetime.now(WALES).date()
    for row in doc.get("organisations") or []:
        record = records.organisation_from_file(row)
        organisation = session.get(Organisation, record["slug"])
        if organisation is not None and not records.in_step(
            organisation.synced_fingerprint, records.current_state(session, organisation)
        ):
            continue
        organisation = records.write_organisation(session, record, sample=sample)
        organisation.synced_fingerprint = records.sync_state(
            record, organisation.archived_at is not None
        )
    session.flush()
    services = 0
    for row in doc.get("services") or []:
        record = records.service_from_file(row)
        service = session.scalars(select(Service).where(Service.slug == record["slug"])).first()
        services += 1
        if service is not None and not records.in_step(
            service.synced_fingerprint, records.current_state(session, service)
        ):
            continue
        service = records.write_service(session, record, today=today, sample=sample)
        service.synced_fingerprint = records.sync_state(record, service.archived_at is not None)
    return {"organisations": len(doc.get("organisations") or []), "services": services}


def expand_service(
    session: Session,
    service: Service,
    today: date,
    cancelled: set[date] | None = None,
    existing: set[datetime] | None = None,
) -> None:
    if not service.recurrences:
        return
    seen = existing if existing is not None else _existing_starts(session, service)
    skip = cancelled if cancelled is not None else set(service.cancelled_dates_set())
    for rec in service.recurrences:
        spec = _recurrence_spec(rec)
        for local in expand(spec, today - timedelta(days=1), today + timedelta(days=EXPAND_DAYS)):
            _add_occurrence(
                session, service, local, spec.duration_minutes, local.date() in skip, seen
            )


def refresh_occurrences(session_factory: Callable[[], Session], today: date | None = None) -> None:
    """Extend every recurrence EXPAND_DAYS ahead of today.

    Idempotent, and safe when several web instances run it at the same moment: a session
    another instance has just added is skipped by the database (ON CONFLICT DO NOTHING on
    the service and start time), not an error that would undo the whole refresh.
    """
    today = today or datetime.now(WALES).date()
    with session_factory() as session, session.begin():
        rows: list[dict[str, Any]] = []
        for service in session.scalars(select(Service).where(Service.archived_at.is_(None))):
            existing = _existing_starts(session, service)
            skip = service.cancelled_dates_set()
            for rec in service.recurrences:
                spec = _recurrence_spec(rec)
                until = today + timedelta(days=EXPAND_DAYS)
                for local in expand(spec, today - timedelta(days=1), until):
                    row = _occurrence_row(
                        service, local, spec.duration_minutes, local.date() in skip, existing
                    )
                    if row is not None:
                        rows.append(row)
        if rows:
            dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
            session.execute(
                dialect.insert(SessionOccurrence)
                .values(rows)
                .on_conflict_do_nothing(index_elements=["service_id", "starts_at"])
            )
