"""The audit log: every change staff make and every sign-in, who did it, when, what changed.

Record with `record(...)`: give the row's fields before and after (`snapshot` reads them
off a model) and only the fields that changed are kept, as {"field": {"before", "after"}}.
Fields that look secret (passwords, hashes, tokens, contact details) are kept only as
"(hidden)". Never pass message text: what people write to Cymar does not belong here.

Subjects are "<kind>:<key>" ("crisis_line:samaritans", "staff:sian"), so the log can be
searched by subject and by any part of it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from bot.staff.paging import PER_PAGE, Paged, paginate
from bot.store.models import AuditEvent, StaffAccount, as_utc

WALES = ZoneInfo("Europe/London")
HIDDEN = "(hidden)"
_SECRET_PARTS = ("password", "hash", "token", "secret", "csrf", "contact")
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("id", "time_utc", "time_wales", "who", "action", "subject", "changes", "detail")


def subject_for(kind: str, key: object) -> str:
    return f"{kind}:{key}"[:120]


def is_secret(field: str) -> bool:
    lowered = field.lower()
    return any(part in lowered for part in _SECRET_PARTS)


def snapshot(row: object, fields: Iterable[str]) -> dict[str, Any]:
    """The named attributes of a model (or any object), for `record(before=..., after=...)`."""
    return {field: getattr(row, field) for field in fields}


def changes_between(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> dict[str, dict[str, Any]]:
    """{"field": {"before": old, "after": new}} for each field whose value differs."""
    before, after = before or {}, after or {}
    changed: dict[str, dict[str, Any]] = {}
    for field in sorted(set(before) | set(after)):
        old, new = _plain(before.get(field)), _plain(after.get(field))
        if old == new:
            continue
        if is_secret(field):
            old = HIDDEN if old not in (None, "") else None
            new = HIDDEN if new not in (None, "") else None
        changed[field] = {"before": old, "after": new}
    return changed


def record(
    session: Session,
    *,
    actor: int | None,
    action: str,
    subject: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    **detail: Any,
) -> AuditEvent:
    """Add one audit event to the session's transaction (it commits with the change)."""
    if not 0 < len(action) <= 40:
        raise ValueError("an audit action is 1 to 40 characters")
    event = AuditEvent(
        staff_id=actor,
        action=action,
        subject=subject[:120],
        changes=changes_between(before, after),
        detail={key: HIDDEN if is_secret(key) else _plain(value) for key, value in detail.items()},
    )
    session.add(event)
    return event


def _plain(value: Any) -> Any:
    """JSON-friendly and comparable: dates as ISO text, sets and tuples as lists."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


# -- reading the log -------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditQuery:
    """What the audit screen and the CSV export filter on; every part is optional."""

    staff_id: int | None = None
    # Only events with no staff member (the system, people, the command line).
    system_only: bool = False
    action: str | None = None
    # The whole subject ("staff:sian").
    subject: str | None = None
    # Any part of the subject, case-insensitively ("sian", "samaritans").
    text: str | None = None
    # Welsh local dates, both inclusive.
    since: date | None = None
    until: date | None = None


def wales_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=WALES).astimezone(timezone.utc)


def statement(query: AuditQuery) -> Select[tuple[AuditEvent]]:
    found = select(AuditEvent)
    if query.system_only:
        found = found.where(AuditEvent.staff_id.is_(None))
    elif query.staff_id is not None:
        found = found.where(AuditEvent.staff_id == query.staff_id)
    if query.action:
        found = found.where(AuditEvent.action == query.action)
    if query.subject:
        found = found.where(AuditEvent.subject == query.subject)
    if query.text:
        found = found.where(AuditEvent.subject.icontains(query.text, autoescape=True))
    if query.since:
        found = found.where(AuditEvent.created_at >= wales_midnight(query.since))
    if query.until:
        found = found.where(AuditEvent.created_at < wales_midnight(query.until + timedelta(days=1)))
    return found.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def search(
    session: Session, query: AuditQuery, page: int = 1, per_page: int = PER_PAGE
) -> Paged[AuditEvent]:
    return paginate(session, statement(query), page, per_page)


def actions_in_log(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def usernames(session: Session) -> dict[int, str]:
    return dict(session.execute(select(StaffAccount.id, StaffAccount.username)).tuples().all())


def csv_safe(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def export_csv(session: Session, query: AuditQuery) -> Iterator[str]:
    """The filtered log as CSV text, a chunk at a time (oldest last, as on screen)."""
    names = usernames(session)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for event in session.scalars(statement(query).execution_options(yield_per=500)):
        moment = as_utc(event.created_at)
        row = [
            str(event.id),
            moment.isoformat(),
            moment.astimezone(WALES).strftime("%Y-%m-%d %H:%M:%S"),
            names.get(event.staff_id, "") if event.staff_id is not None else "",
            event.action,
            event.subject,
            json.dumps(event.changes or {}, ensure_ascii=False, sort_keys=True),
            json.dumps(event.detail or {}, ensure_ascii=False, sort_keys=True),
        ]
        writer.writerow([csv_safe(cell) for cell in row])
        if buffer.tell() > 16_384:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
