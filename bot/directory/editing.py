"""Staff changes to the directory: read and check a form (or a CSV row), save, archive and
restore, cancel one date. Every change is written to the audit log in the same
transaction (bot/staff/audit.py), as the flat fields staff see.

Services and organisations are never deleted: archived ones leave the assistant's search
at once (bot/directory/search.py filters on `archived_at`) and can be restored.

A service's flat form (`flat_of`) is also its CSV row (bot/directory/csv_io.py): one set
of names and one set of checks for both doors.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.directory import fields
from bot.directory.records import (
    ADDED_IN_THE_APP,
    BOOKING_METHODS,
    DELIVERY,
    KINDS,
    LANGUAGES,
    ORGANISATION_FIELDS,
    Record,
    organisation_record,
    remember_sync,
    service_record,
    write_organisation,
    write_service,
)
from bot.directory.schedule import WALES, WEEKDAYS
from bot.staff import audit
from bot.store.models import Area, Organisation, Service, SessionOccurrence

SERVICE_FIELDS = (
    "slug",
    "organisation",
    "kind",
    "title_cy",
    "title_en",
    "description_cy",
    "description_en",
    "topics",
    "area",
    "venue_name_cy",
    "venue_name_en",
    "address",
    "postcode",
    "delivery",
    "languages",
    "cost_cy",
    "cost_en",
    "booking_method",
    "booking_value",
    "access",
    "min_age",
    "carers_welcome",
    "hours_cy",
    "hours_en",
    "rec_freq",
    "rec_weekday",
    "rec_week_of_month",
    "rec_time",
    "rec_duration",
    "rec_starts_on",
    "rec_ends_on",
    "sessions",
    "session_duration",
    "cancelled",
)
# Bilingual pairs: both or neither; the first group is always required.
REQUIRED_PAIRS = (("title_cy", "title_en"), ("cost_cy", "cost_en"))
OPTIONAL_PAIRS = (
    ("description_cy", "description_en"),
    ("venue_name_cy", "venue_name_en"),
    ("hours_cy", "hours_en"),
)
TEXT_LIMITS = {
    "title_cy": 200,
    "title_en": 200,
    "description_cy": 2000,
    "description_en": 2000,
    "venue_name_cy": 200,
    "venue_name_en": 200,
    "address": 300,
    "cost_cy": 120,
    "cost_en": 120,
    "hours_cy": 200,
    "hours_en": 200,
    "name_cy": 200,
    "name_en": 200,
}


@dataclass
class Checked:
    """A read form: the record to save, problems ({field: text key}), warnings (keys)."""

    record: Record
    problems: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)


def _list_text(values: Collection[str], separator: str = ", ") -> str:
    return separator.join(values)


# -- services: record <-> flat fields ---------------------------------------------------------


def flat_of(record: Record) -> dict[str, str]:
    """A service record as the form and the CSV show it: every value a string."""
    venue, booking, audience = record["venue"], record["booking"], record["audience"]
    schedule = record["schedule"]
    rec = schedule["recurrence"] or {}
    age = audience["min_age"]
    return {
        "slug": record["slug"],
        "organisation": record["organisation"],
        "kind": record["kind"],
        "title_cy": record["title_cy"],
        "title_en": record["title_en"],
        "description_cy": record["description_cy"],
        "description_en": record["description_en"],
        "topics": _list_text(record["topics"]),
        "area": record["area"] or "",
        "venue_name_cy": venue["name_cy"] or "",
        "venue_name_en": venue["name_en"] or "",
        "address": venue["address"] or "",
        "postcode": venue["postcode"] or "",
        "delivery": _list_text(record["delivery"]),
        "languages": _list_text(record["languages"]),
        "cost_cy": record["cost_cy"],
        "cost_en": record["cost_en"],
        "booking_method": booking["method"],
        "booking_value": booking["value"] or "",
        "access": _list_text(record["access"]),
        "min_age": "" if age is None else str(age),
        "carers_welcome": "yes" if audience["carers_welcome"] else "",
        "hours_cy": record["hours_cy"] or "",
        "hours_en": record["hours_en"] or "",
        "rec_freq": rec.get("freq", ""),
        "rec_weekday": rec.get("weekday", ""),
        "rec_week_of_month": "" if rec.get("week_of_month") is None else str(rec["week_of_month"]),
        "rec_time": rec.get("time", ""),
        "rec_duration": str(rec["duration_minutes"]) if rec else "",
        "rec_starts_on": rec.get("starts_on") or "",
        "rec_ends_on": rec.get("ends_on") or "",
        "sessions": _list_text([s.replace("T", " ") for s in schedule["sessions"]], "; "),
        "session_duration": str(schedule["duration_minutes"]),
        "cancelled": _list_text(schedule["cancelled"], "; "),
    }


def _split(raw: str, separators: str = ",;\n") -> list[str]:
    for separator in separators[1:]:
        raw = raw.replace(separator, separators[0])
    return [part.strip() for part in raw.split(separators[0]) if part.strip()]


def read_service(
    flat: Mapping[str, str],
    *,
    organisations: Collection[str],
    areas: Collection[str],
) -> Checked:
    """Check a service's flat fields; the record is complete only when there are no problems."""
    get = {name: str(flat.get(name) or "").strip() for name in SERVICE_FIELDS}
    problems: dict[str, str] = {}
    warnings: dict[str, str] = {}

    slug, bad = fields.read_slug(get["slug"])
    if bad:
        problems["slug"] = bad
    if get["organisation"] not in organisations:
        problems["organisation"] = "dir_error_organisation"
    if get["kind"] not in KINDS:
        problems["kind"] = "dir_error_choose"
    for name, limit in TEXT_LIMITS.items():
        if name in get and len(get[name]) > limit:
            problems[name] = "dir_error_too_long"
    for cy, en in REQUIRED_PAIRS:
        for name in (cy, en):
            if not get[name]:
                problems.setdefault(name, "dir_error_required_both")
    for cy, en in OPTIONAL_PAIRS:
        if bool(get[cy]) != bool(get[en]):
            problems.setdefault(en if get[cy] else cy, "dir_error_other_language_missing")
    if get["kind"] == "helpline" and not (get["hours_cy"] and get["hours_en"]):
        for name in ("hours_cy", "hours_en"):
            if not get[name]:
                problems.setdefault(name, "dir_error_helpline_hours")
    topics, bad = fields.read_words(get["topics"])
    if bad:
        problems["topics"] = bad
    access, bad = fields.read_words(get["access"])
    if bad:
        problems["access"] = bad
    area = get["area"] or None
    if area is not None and area not in areas:
        problems["area"] = "dir_error_area"
    postcode, bad = fields.read_postcode(get["postcode"])
    if bad:
        problems["postcode"] = bad
    delivery = [d.strip() for d in _split(get["delivery"])]
    if not delivery or any(d not in DELIVERY for d in delivery):
        problems["delivery"] = "dir_error_choose_some"
    languages = [lang.strip() for lang in _split(get["languages"])]
    if not languages or any(lang not in LANGUAGES for lang in languages):
        problems["languages"] = "dir_error_choose_some"
    if "in_person" in delivery and not get["address"] and not get["venue_name_en"]:
        problems["address"] = "dir_error_in_person_venue"

    method = get["booking_method"] or "drop_in"
    value: str | None = get["booking_value"] or None
    if method not in BOOKING_METHODS:
        problems["booking_method"] = "dir_error_choose"
    elif method == "drop_in":
        value = None
    elif value is None:
        problems["booking_value"] = "dir_error_booking_value"
    elif method == "phone":
        value, bad = fields.read_phone(value)
        if bad:
            problems["booking_value"] = bad
    elif method == "email":
        value, bad = fields.read_email(value)
        if bad:
            problems["booking_value"] = bad
    else:
        value, bad, plain_http = fields.read_link(value)
        if bad:
            problems["booking_value"] = bad
        elif plain_http:
            warnings["booking_value"] = "dir_warning_http"

    min_age, bad = fields.read_whole(get["min_age"], 0, 120)
    if bad:
        problems["min_age"] = bad

    recurrence: dict[str, Any] | None = None
    freq = get["rec_freq"]
    if freq:
        recurrence = _read_recurrence(get, problems)
    sessions: list[str] = []
    for raw in _split(get["sessions"], ";\n"):
        session_text, bad = fields.read_session(raw)
        if bad:
            problems.setdefault("sessions", bad)
        elif session_text is not None:
            sessions.append(session_text)
    duration, bad = fields.read_whole(get["session_duration"] or "60", 5, 720)
    if bad:
        problems["session_duration"] = bad
    cancelled: list[str] = []
    for raw in _split(get["cancelled"], ";\n,"):
        day, bad = fields.read_date(raw)
        if bad or day is None:
            problems.setdefault("cancelled", "dir_error_date")
        else:
            cancelled.append(day.isoformat())

    record: Record = {
        "slug": slug or "",
        "organisation": get["organisation"],
        "kind": get["kind"],
        "title_en": get["title_en"],
        "title_cy": get["title_cy"],
        "description_en": get["description_en"],
        "description_cy": get["description_cy"],
        "topics": topics,
        "area": area,
        "venue": {
            "name_en": get["venue_name_en"] or None,
            "name_cy": get["venue_name_cy"] or None,
            "address": get["address"] or None,
            "postcode": postcode,
        },
        "delivery": [d for d in DELIVERY if d in delivery],
        "languages": [lang for lang in LANGUAGES if lang in languages],
        "cost_en": get["cost_en"],
        "cost_cy": get["cost_cy"],
        "booking": {"method": method, "value": value},
        "access": access,
        "audience": {"min_age": min_age, "carers_welcome": get["carers_welcome"] == "yes"},
        "hours_en": get["hours_en"] or None,
        "hours_cy": get["hours_cy"] or None,
        "schedule": {
            "recurrence": recurrence,
            "cancelled": sorted(set(cancelled)),
            "sessions": sorted(set(sessions)),
            "duration_minutes": duration or 60,
        },
    }
    return Checked(record, problems, warnings)


def _read_recurrence(get: Mapping[str, str], problems: dict[str, str]) -> dict[str, Any] | None:
    freq = get["rec_freq"]
    if freq not in ("weekly", "monthly"):
        problems["rec_freq"] = "dir_error_choose"
        return None
    weekday = get["rec_weekday"]
    if weekday not in WEEKDAYS:
        problems["rec_weekday"] = "dir_error_choose"
    week_of_month: int | None = None
    if freq == "monthly":
        raw = get["rec_week_of_month"]
        if raw not in ("1", "2", "3", "4", "-1"):
            problems["rec_week_of_month"] = "dir_error_choose"
        else:
            week_of_month = int(raw)
    clock, bad = fields.read_clock(get["rec_time"])
    if bad or clock is None:
        problems["rec_time"] = bad or "dir_error_required"
    duration, bad = fields.read_whole(get["rec_duration"] or "60", 5, 720)
    if bad:
        problems["rec_duration"] = bad
    starts_on, bad = fields.read_date(get["rec_starts_on"])
    if bad or starts_on is None:
        problems["rec_starts_on"] = bad or "dir_error_required"
    ends_on, bad = fields.read_date(get["rec_ends_on"])
    if bad:
        problems["rec_ends_on"] = bad
    elif ends_on is not None and starts_on is not None and ends_on < starts_on:
        problems["rec_ends_on"] = "dir_error_ends_before_starts"
    return {
        "freq": freq,
        "weekday": weekday,
        "week_of_month": week_of_month,
        "time": clock,
        "duration_minutes": duration or 60,
        "starts_on": starts_on.isoformat() if starts_on else None,
        "ends_on": ends_on.isoformat() if ends_on else None,
    }


def known_organisations(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.name_en)))


def local_authorities(session: Session) -> list[Area]:
    return list(
        session.scalars(select(Area).where(Area.kind == "local_authority").order_by(Area.name_en))
    )


def check_service(session: Session, flat: Mapping[str, str], *, new: bool) -> Checked:
    checked = read_service(
        flat,
        organisations=set(session.scalars(select(Organisation.slug))),
        areas={area.slug for area in local_authorities(session)},
    )
    if new and "slug" not in checked.problems and find_service(session, checked.record["slug"]):
        checked.problems["slug"] = "dir_error_slug_taken"
    if (
        new
        and "organisation" not in checked.problems
        and organisation_archived(session, checked.record["organisation"])
    ):
        checked.problems["organisation"] = "dir_error_organisation_archived"
    return checked


def organisation_archived(session: Session, slug: str) -> bool:
    organisation = session.get(Organisation, slug)
    return organisation is not None and organisation.archived_at is not None


def find_service(session: Session, slug: str) -> Service | None:
    return session.scalars(select(Service).where(Service.slug == slug)).first()


def today_in_wales() -> date:
    return datetime.now(WALES).date()


def save_service(
    session: Session, record: Record, *, actor: int | None, action: str | None = None
) -> dict[str, Any]:
    """Store a checked service record; returns the audit changes (empty: nothing changed)."""
    existing = find_service(session, record["slug"])
    before = flat_of(service_record(session, existing)) if existing is not None else {}
    after = flat_of(record)
    if not audit.changes_between(before, after):
        return {}
    if existing is not None:
        remember_sync(session, existing)
    service = write_service(session, record, today=today_in_wales())
    if existing is None:
        service.synced_fingerprint = ADDED_IN_THE_APP
    event = audit.record(
        session,
        actor=actor,
        action=action or ("directory_service_added" if not before else "directory_service_updated"),
        subject=audit.subject_for("service", record["slug"]),
        before=before,
        after=after,
    )
    return event.changes


# -- organisations ----------------------------------------------------------------------------

ORGANISATION_FORM = ORGANISATION_FIELDS


def organisation_flat(record: Record) -> dict[str, str]:
    return {name: record.get(name) or "" for name in ORGANISATION_FIELDS}


def check_organisation(session: Session, flat: Mapping[str, str], *, new: bool) -> Checked:
    get = {name: str(flat.get(name) or "").strip() for name in ORGANISATION_FIELDS}
    problems: dict[str, str] = {}
    warnings: dict[str, str] = {}
    slug, bad = fields.read_slug(get["slug"])
    if bad:
        problems["slug"] = bad
    elif new and session.get(Organisation, slug) is not None:
        problems["slug"] = "dir_error_slug_taken"
    for name in ("name_cy", "name_en"):
        if not get[name]:
            problems[name] = "dir_error_required_both"
        elif len(get[name]) > TEXT_LIMITS[name]:
            problems[name] = "dir_error_too_long"
    website, bad, plain_http = fields.read_link(get["website"])
    if bad:
        problems["website"] = bad
    elif plain_http:
        warnings["website"] = "dir_warning_http"
    phone, bad = fields.read_phone(get["phone"])
    if bad:
        problems["phone"] = bad
    email, bad = fields.read_email(get["email"])
    if bad:
        problems["email"] = bad
    record = {
        "slug": slug or "",
        "name_en": get["name_en"],
        "name_cy": get["name_cy"],
        "website": website,
        "phone": phone,
        "email": email,
    }
    return Checked(record, problems, warnings)


def save_organisation(session: Session, record: Record, *, actor: int | None) -> dict[str, Any]:
    existing = session.get(Organisation, record["slug"])
    before = organisation_record(existing) if existing is not None else {}
    if not audit.changes_between(before, record):
        return {}
    if existing is not None:
        remember_sync(session, existing)
    organisation = write_organisation(session, record)
    if existing is None:
        organisation.synced_fingerprint = ADDED_IN_THE_APP
    event = audit.record(
        session,
        actor=actor,
        action="directory_org_added" if not before else "directory_org_updated",
        subject=audit.subject_for("organisation", record["slug"]),
        before=before,
        after=record,
    )
    return event.changes


# -- archive and restore ----------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(timezone.utc)


def archive_service(session: Session, service: Service, *, actor: int | None) -> bool:
    if service.archived_at is not None:
        return False
    remember_sync(session, service)
    service.archived_at = _now()
    audit.record(
        session,
        actor=actor,
        action="directory_service_archived",
        subject=audit.subject_for("service", service.slug),
        before={"archived": False},
        after={"archived": True},
    )
    return True


def restore_service(session: Session, service: Service, *, actor: int | None) -> bool:
    if service.archived_at is None:
        return False
    remember_sync(session, service)
    service.archived_at = None
    # The daily refresh skips archived services: catch its sessions up now.
    from bot.directory.seed import expand_service

    expand_service(session, service, today_in_wales())
    audit.record(
        session,
        actor=actor,
        action="directory_service_restored",
        subject=audit.subject_for("service", service.slug),
        before={"archived": True},
        after={"archived": False},
    )
    return True


def archive_organisation(session: Session, organisation: Organisation, *, actor: int | None) -> int:
    """Archive an organisation and its live services (same moment, so restoring the
    organisation brings back exactly those, not services archived on their own before)."""
    if organisation.archived_at is not None:
        return 0
    moment = _now()
    remember_sync(session, organisation)
    organisation.archived_at = moment
    services = session.scalars(
        select(Service).where(
            Service.organisation_slug == organisation.slug, Service.archived_at.is_(None)
        )
    ).all()
    for service in services:
        remember_sync(session, service)
        service.archived_at = moment
    audit.record(
        session,
        actor=actor,
        action="directory_org_archived",
        subject=audit.subject_for("organisation", organisation.slug),
        before={"archived": False},
        after={"archived": True},
        services=[s.slug for s in services],
    )
    return len(services)


def restore_organisation(session: Session, organisation: Organisation, *, actor: int | None) -> int:
    if organisation.archived_at is None:
        return 0
    moment = organisation.archived_at
    services = session.scalars(
        select(Service).where(
            Service.organisation_slug == organisation.slug, Service.archived_at == moment
        )
    ).all()
    remember_sync(session, organisation)
    organisation.archived_at = None
    from bot.directory.seed import expand_service

    for service in services:
        remember_sync(session, service)
        service.archived_at = None
        expand_service(session, service, today_in_wales())
    audit.record(
        session,
        actor=actor,
        action="directory_org_restored",
        subject=audit.subject_for("organisation", organisation.slug),
        before={"archived": True},
        after={"archived": False},
        services=[s.slug for s in services],
    )
    return len(services)


# -- one date off -----------------------------------------------------------------------------


def occurrences_on(session: Session, service: Service, day: date) -> list[SessionOccurrence]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=WALES)
    end = datetime.combine(day, datetime.max.time(), tzinfo=WALES)
    return list(
        session.scalars(
            select(SessionOccurrence).where(
                SessionOccurrence.service_id == service.id,
                SessionOccurrence.starts_at >= start.astimezone(timezone.utc),
                SessionOccurrence.starts_at <= end.astimezone(timezone.utc),
            )
        )
    )


def set_cancelled(
    session: Session, service: Service, day: date, cancelled: bool, *, actor: int | None
) -> bool:
    """Cancel (or un-cancel) the service's meeting on one Welsh date. False if it has no
    meeting that day or it is already so."""
    found = occurrences_on(session, service, day)
    dates = set(service.cancelled_dates or [])
    if not found or (day.isoformat() in dates) == cancelled:
        return False
    remember_sync(session, service)
    for occurrence in found:
        occurrence.cancelled = cancelled
    if cancelled:
        dates.add(day.isoformat())
    else:
        dates.discard(day.isoformat())
    service.cancelled_dates = sorted(dates)
    audit.record(
        session,
        actor=actor,
        action="directory_session_cancelled" if cancelled else "directory_session_restored",
        subject=audit.subject_for("service", service.slug),
        before={"cancelled_dates": sorted(set(service.cancelled_dates) ^ {day.isoformat()})},
        after={"cancelled_dates": service.cancelled_dates},
        date=day.isoformat(),
    )
    return True
