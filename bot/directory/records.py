"""One shape for a directory entry, whichever door it comes through.

An organisation or a service is read into a *record*: a plain dict in the shape of
data/directory/services.yml, with every default filled in and every list in a fixed order.
The seed, the staff forms, the CSV import and the git round trip (bot/directory/yaml_io.py)
all compare and write records, so "did anything change?" has one answer everywhere, and
a file that was seeded and exported again compares equal field for field.

`fingerprint(record)` is stored on the row (`synced_fingerprint`) whenever the row is
written from, or exported to, the file: a row whose record no longer matches it has been
edited by staff since, and the file must not silently overwrite it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.directory.schedule import WALES, WEEKDAYS
from bot.store.models import Organisation, Recurrence, Service, SessionOccurrence, as_utc

Record = dict[str, Any]

KINDS = (
    "peer_support_group",
    "peer_mentoring",
    "recovery_college_course",
    "wellbeing_session",
    "helpline",
)
DELIVERY = ("in_person", "online", "phone")
LANGUAGES = ("cy", "en", "bsl")
BOOKING_METHODS = ("drop_in", "phone", "email", "link")
ORGANISATION_FIELDS = ("slug", "name_en", "name_cy", "website", "phone", "email")
SESSION_FORMAT = "%Y-%m-%dT%H:%M"


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _iso(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def fingerprint(record: Record) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


# -- organisations ----------------------------------------------------------------------------


def organisation_from_file(row: dict[str, Any]) -> Record:
    return {field: _text(row.get(field)) for field in ORGANISATION_FIELDS}


def organisation_record(organisation: Organisation) -> Record:
    return {field: getattr(organisation, field) for field in ORGANISATION_FIELDS}


def write_organisation(
    session: Session, record: Record, *, sample: bool | None = None
) -> Organisation:
    organisation = session.get(Organisation, record["slug"])
    if organisation is None:
        organisation = Organisation(slug=record["slug"], sample=bool(sample))
        session.add(organisation)
    for field in ORGANISATION_FIELDS[1:]:
        setattr(organisation, field, record[field])
    if sample is not None:
        organisation.sample = sample
    session.flush()
    return organisation


# -- services ---------------------------------------------------------------------------------


def _recurrence_from_file(raw: dict[str, Any] | None) -> Record | None:
    if not raw:
        return None
    return {
        "freq": str(raw["freq"]),
        "weekday": str(raw["weekday"]),
        "week_of_month": raw.get("week_of_month"),
        "time": str(raw["time"]),
        "duration_minutes": int(raw.get("duration_minutes", 60)),
        "starts_on": _iso(raw.get("starts_on")),
        "ends_on": _iso(raw.get("ends_on")),
    }


def service_from_file(row: dict[str, Any]) -> Record:
    """The record of a service as services.yml (or a CSV row turned into that shape) has it."""
    venue = row.get("venue") or {}
    booking = row.get("booking") or {}
    audience = row.get("audience") or {}
    schedule = row.get("schedule") or {}
    delivery = set(row.get("delivery") or [])
    languages = set(row.get("languages") or ["en"])
    return {
        "slug": str(row["slug"]),
        "organisation": str(row["organisation"]),
        "kind": str(row["kind"]),
        "title_en": str(row["title_en"]),
        "title_cy": str(row["title_cy"]),
        "description_en": str(row.get("description_en") or ""),
        "description_cy": str(row.get("description_cy") or ""),
        "topics": [str(t) for t in row.get("topics") or []],
        "area": _text(row.get("area")),
        "venue": {
            "name_en": _text(venue.get("name_en")),
            "name_cy": _text(venue.get("name_cy")),
            "address": _text(venue.get("address")),
            "postcode": _text(venue.get("postcode")),
        },
        "delivery": [d for d in DELIVERY if d in delivery],
        "languages": [lang for lang in LANGUAGES if lang in languages],
        "cost_en": str(row.get("cost_en", "Free")),
        "cost_cy": str(row.get("cost_cy", "Am ddim")),
        "booking": {
            "method": str(booking.get("method", "drop_in")),
            "value": _text(booking.get("value")),
        },
        "access": [str(a) for a in row.get("access") or []],
        "audience": {
            "min_age": audience.get("min_age"),
            "carers_welcome": bool(audience.get("carers_welcome", False)),
        },
        "hours_en": _text(row.get("hours_en")),
        "hours_cy": _text(row.get("hours_cy")),
        "schedule": {
            "recurrence": _recurrence_from_file(schedule.get("recurrence")),
            "cancelled": sorted({str(d) for d in schedule.get("cancelled") or []}),
            "sessions": sorted(str(s) for s in schedule.get("sessions") or []),
            "duration_minutes": int(schedule.get("duration_minutes", 60)),
        },
    }


def _local(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(WALES)


def _on_rhythm(rec: Recurrence | None, local: datetime) -> bool:
    """A date the recurrence itself produces (so not a one-off session)."""
    if rec is None:
        return False
    return (
        local.weekday() == rec.weekday
        and local.strftime("%H:%M") == rec.local_time
        and local.date() >= rec.starts_on
        and (rec.ends_on is None or local.date() <= rec.ends_on)
    )


def service_record(session: Session, service: Service) -> Record:
    """The record of a stored service (the inverse of `write_service`)."""
    recurrences = sorted(service.recurrences, key=lambda r: r.id or 0)
    rec = recurrences[0] if recurrences else None
    occurrences = session.scalars(
        select(SessionOccurrence)
        .where(SessionOccurrence.service_id == service.id)
        .order_by(SessionOccurrence.starts_at)
    ).all()
    one_offs = [o for o in occurrences if not _on_rhythm(rec, _local(o.starts_at))]
    duration = 60
    if one_offs:
        duration = int((as_utc(one_offs[0].ends_at) - as_utc(one_offs[0].starts_at)).seconds // 60)
    delivery = {"in_person": service.in_person, "online": service.online, "phone": service.by_phone}
    languages = {"cy": service.in_welsh, "en": service.in_english, "bsl": service.in_bsl}
    return {
        "slug": service.slug,
        "organisation": service.organisation_slug,
        "kind": service.kind,
        "title_en": service.title_en,
        "title_cy": service.title_cy,
        "description_en": service.description_en or "",
        "description_cy": service.description_cy or "",
        "topics": list(service.topics or []),
        "area": service.area_slug,
        "venue": {
            "name_en": service.venue_name_en,
            "name_cy": service.venue_name_cy,
            "address": service.address,
            "postcode": service.postcode,
        },
        "delivery": [d for d in DELIVERY if delivery[d]],
        "languages": [lang for lang in LANGUAGES if languages[lang]],
        "cost_en": service.cost_en,
        "cost_cy": service.cost_cy,
        "booking": {"method": service.booking_method, "value": service.booking_value},
        "access": list(service.access or []),
        "audience": {"min_age": service.min_age, "carers_welcome": service.carers_welcome},
        "hours_en": service.hours_en,
        "hours_cy": service.hours_cy,
        "schedule": {
            "recurrence": None
            if rec is None
            else {
                "freq": rec.freq,
                "weekday": WEEKDAYS[rec.weekday],
                "week_of_month": rec.week_of_month,
                "time": rec.local_time,
                "duration_minutes": rec.duration_minutes,
                "starts_on": rec.starts_on.isoformat(),
                "ends_on": rec.ends_on.isoformat() if rec.ends_on else None,
            },
            "cancelled": sorted(str(d) for d in service.cancelled_dates or []),
            "sessions": [_local(o.starts_at).strftime(SESSION_FORMAT) for o in one_offs],
            "duration_minutes": duration,
        },
    }


# `synced_fingerprint` of a row staff added in the app: never the state of a file entry.
ADDED_IN_THE_APP = "added-in-the-app"


def sync_state(record: Record, archived: bool) -> str:
    """What `synced_fingerprint` holds: the record and whether the row was archived."""
    return fingerprint({"record": record, "archived": archived})


def in_step(synced: str | None, current: str) -> bool:
    """Has the row stayed as it last was in the file? A row from before migration 0010
    (`synced` None) was only ever written by the seed, and staff edits record the state
    they started from first (`remember_sync`), so None means in step."""
    return synced is None or synced == current


def current_state(session: Session, row: Organisation | Service) -> str:
    if isinstance(row, Organisation):
        return sync_state(organisation_record(row), row.archived_at is not None)
    return sync_state(service_record(session, row), row.archived_at is not None)


def remember_sync(session: Session, row: Organisation | Service) -> None:
    """Before staff change a row that has never been exported: pin the state it shared
    with the file, so the change is seen as a staff edit from now on."""
    if row.synced_fingerprint is None:
        row.synced_fingerprint = current_state(session, row)


def write_service(
    session: Session,
    record: Record,
    *,
    today: date,
    sample: bool | None = None,
) -> Service:
    """Store a checked record (a new service if its slug is new), schedule and all."""
    # Imported here: bot.directory.seed imports this module.
    from bot.directory.seed import _health_board_of, _occurrence_row, expand_service

    service = session.scalars(select(Service).where(Service.slug == record["slug"])).first()
    if service is None:
        service = Service(slug=record["slug"], sample=bool(sample))
        session.add(service)
    venue, booking, audience = record["venue"], record["booking"], record["audience"]
    service.organisation_slug = record["organisation"]
    service.kind = record["kind"]
    service.title_en, service.title_cy = record["title_en"], record["title_cy"]
    service.description_en = record["description_en"]
    service.description_cy = record["description_cy"]
    service.topics = list(record["topics"])
    service.area_slug = record["area"]
    service.health_board_slug = _health_board_of(record["area"])
    service.venue_name_en, service.venue_name_cy = venue["name_en"], venue["name_cy"]
    service.address, service.postcode = venue["address"], venue["postcode"]
    service.in_person = "in_person" in record["delivery"]
    service.online = "online" in record["delivery"]
    service.by_phone = "phone" in record["delivery"]
    service.in_welsh = "cy" in record["languages"]
    service.in_english = "en" in record["languages"]
    service.in_bsl = "bsl" in record["languages"]
    service.cost_en, service.cost_cy = record["cost_en"], record["cost_cy"]
    service.booking_method, service.booking_value = booking["method"], booking["value"]
    service.access = list(record["access"])
    service.min_age = audience["min_age"]
    service.carers_welcome = bool(audience["carers_welcome"])
    service.hours_en, service.hours_cy = record["hours_en"], record["hours_cy"]
    if sample is not None:
        service.sample = sample
    session.flush()
    # The schedule is replaced as a whole; cancelled dates are kept on the service, so the
    # expansion below marks them again.
    schedule = record["schedule"]
    session.execute(delete(Recurrence).where(Recurrence.service_id == service.id))
    session.execute(delete(SessionOccurrence).where(SessionOccurrence.service_id == service.id))
    session.expire(service, ["recurrences"])
    cancelled = {date.fromisoformat(d) for d in schedule["cancelled"]}
    service.cancelled_dates = sorted(d.isoformat() for d in cancelled)
    rec = schedule["recurrence"]
    if rec:
        service.recurrences.append(
            Recurrence(
                freq=rec["freq"],
                weekday=WEEKDAYS.index(rec["weekday"]),
                week_of_month=rec["week_of_month"],
                local_time=rec["time"],
                duration_minutes=int(rec["duration_minutes"]),
                starts_on=date.fromisoformat(rec["starts_on"]),
                ends_on=date.fromisoformat(rec["ends_on"]) if rec["ends_on"] else None,
            )
        )
    session.flush()
    existing: set[datetime] = set()
    for raw in schedule["sessions"]:
        local = datetime.strptime(raw, SESSION_FORMAT).replace(tzinfo=WALES)
        row = _occurrence_row(
            service,
            local,
            int(schedule["duration_minutes"]),
            local.date() in cancelled,
            existing,
        )
        if row is not None:
            session.add(SessionOccurrence(**row))
    expand_service(session, service, today, cancelled, existing)
    session.flush()
    return service


def upcoming_sessions(
    session: Session, service: Service, now: datetime | None = None, days: int = 120
) -> list[SessionOccurrence]:
    """The service's dated meetings from today on, cancelled ones included (staff see them)."""
    now = now or datetime.now(timezone.utc)
    start = datetime.combine(now.astimezone(WALES).date(), datetime.min.time(), tzinfo=WALES)
    return list(
        session.scalars(
            select(SessionOccurrence)
            .where(
                SessionOccurrence.service_id == service.id,
                SessionOccurrence.starts_at >= start.astimezone(timezone.utc),
                SessionOccurrence.starts_at < now + timedelta(days=days),
            )
            .order_by(SessionOccurrence.starts_at)
        )
    )
