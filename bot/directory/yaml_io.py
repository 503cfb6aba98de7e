"""The directory and git: export the database to data/directory/services.yml, import it back.

Export edits the file in place with ruamel.yaml's round-trip mode, so comments, key order,
quoting and flow lists survive, and an entry whose record (bot/directory/records.py) is
unchanged keeps its exact bytes: export straight after seeding writes the file back
byte for byte. Only changed values are rewritten, in the file's own style (times and dates
in single quotes, phone numbers in double quotes, short lists in brackets). Archived
entries are left out of the file. areas.yml is edited by hand and never written.

Both directions are three-way: each row remembers the state it last shared with the file
(`synced_fingerprint`). Import applies a file change only to rows staff have not changed
since; a row changed on both sides is a conflict, reported and left alone unless forced.
Export likewise refuses to overwrite changes in the file that were never imported.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.directory import records
from bot.directory.editing import check_service, flat_of, today_in_wales
from bot.staff import audit
from bot.store.models import Organisation, Service
from bot.yaml_files import read_yaml

SERVICES_FILE = "services.yml"
ORGANISATION_KEYS = records.ORGANISATION_FIELDS
SERVICE_KEYS = (
    "slug",
    "organisation",
    "kind",
    "title_en",
    "title_cy",
    "description_en",
    "description_cy",
    "topics",
    "area",
    "venue",
    "delivery",
    "languages",
    "cost_en",
    "cost_cy",
    "booking",
    "access",
    "audience",
    "hours_en",
    "hours_cy",
    "schedule",
)
FLOW_LISTS = frozenset({"topics", "delivery", "languages", "access", "cancelled", "sessions"})
QUOTED_DATES = frozenset({"time", "starts_on", "ends_on"})
NEW_FILE_HEADER = (
    "# The directory of services Cymar searches (python -m bot.ops.directory export).\n"
    "version: '1'\n"
    "sample_data: false\n"
)


def _yaml() -> YAML:
    handler = YAML()
    handler.preserve_quotes = True
    handler.width = 4096  # long descriptions stay on one line, as written
    handler.indent(mapping=2, sequence=2, offset=0)
    handler.representer.add_representer(
        type(None), lambda r, _d: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return handler


# -- styling values the way the file writes them ------------------------------------------


def _styled(key: str, value: Any, *, phone: bool = False) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        seq = CommentedSeq([_styled(key, item) for item in value])
        if key in FLOW_LISTS:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        node = CommentedMap()
        for sub, item in value.items():
            node[sub] = _styled(sub, item)
        if key == "recurrence":
            node.fa.set_flow_style()
        return node
    if isinstance(value, str) and (key in QUOTED_DATES or key in ("cancelled", "sessions")):
        return SingleQuotedScalarString(value)
    if isinstance(value, str) and phone:
        return DoubleQuotedScalarString(value)
    return value


def _insert(node: CommentedMap, order: tuple[str, ...], key: str, value: Any) -> None:
    """Set `key`, placing a new key where the file's key order has it."""
    if key in node:
        node[key] = value
        return
    before = order[: order.index(key)] if key in order else order
    position = 0
    for index, existing in enumerate(node):
        if existing in before:
            position = index + 1
    node.insert(position, key, value)


def _patch_organisation(node: CommentedMap, record: records.Record) -> None:
    was = records.organisation_from_file(node)
    for key in ORGANISATION_KEYS:
        if was[key] == record[key]:
            continue
        if record[key] is None and key in node:
            del node[key]
        elif record[key] is not None:
            _insert(node, ORGANISATION_KEYS, key, _styled(key, record[key], phone=key == "phone"))


def _new_organisation(record: records.Record) -> CommentedMap:
    node = CommentedMap()
    _patch_organisation(node, {**records.organisation_from_file({"slug": ""}), **record})
    node.insert(0, "slug", record["slug"])
    return node


def _patch_map(
    node: CommentedMap, was: Mapping[str, Any], now: Mapping[str, Any], keys: Iterable[str]
) -> None:
    order = tuple(keys)
    for key in order:
        if was.get(key) == now.get(key):
            continue
        if now.get(key) is None and key in node:
            node[key] = None
        elif now.get(key) is not None:
            _insert(node, order, key, _styled(key, now[key]))


def _patch_service(node: CommentedMap, record: records.Record) -> None:
    was = records.service_from_file(node)
    for key in SERVICE_KEYS:
        old, new = was[key], record[key]
        if old == new:
            continue
        if key == "venue":
            if not any(new.values()):
                node.pop("venue", None)
                continue
            if not isinstance(node.get("venue"), CommentedMap):
                _insert(node, SERVICE_KEYS, "venue", CommentedMap())
            _patch_map(node["venue"], old, new, ("name_en", "name_cy", "address", "postcode"))
        elif key == "booking":
            booking = CommentedMap()
            booking["method"] = new["method"]
            booking["value"] = _styled("value", new["value"], phone=new["method"] == "phone")
            _insert(node, SERVICE_KEYS, "booking", booking)
        elif key == "audience":
            if not isinstance(node.get("audience"), CommentedMap):
                _insert(node, SERVICE_KEYS, "audience", CommentedMap())
            # max_age, where the file has it, is not held in the database: kept as written.
            _patch_map(node["audience"], old, new, ("min_age", "carers_welcome"))
        elif key == "schedule":
            _patch_schedule(node, old, new)
        elif new in (None, "", []) and key in (
            "area",
            "hours_en",
            "hours_cy",
            "description_en",
            "description_cy",
        ):
            node.pop(key, None)
        else:
            _insert(node, SERVICE_KEYS, key, _styled(key, new))


def _patch_schedule(node: CommentedMap, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    schedule = node.get("schedule")
    if not isinstance(schedule, CommentedMap):
        schedule = CommentedMap()
    order = ("recurrence", "sessions", "duration_minutes", "cancelled")
    if old["recurrence"] != new["recurrence"]:
        rec_keys = (
            "freq",
            "weekday",
            "week_of_month",
            "time",
            "duration_minutes",
            "starts_on",
            "ends_on",
        )
        if new["recurrence"] is None:
            schedule.pop("recurrence", None)
        elif old["recurrence"] is not None and isinstance(schedule.get("recurrence"), CommentedMap):
            _patch_map(schedule["recurrence"], old["recurrence"], new["recurrence"], rec_keys)
        else:
            # A weekly rhythm has no week of the month: the file leaves the key out.
            rhythm = {k: v for k, v in new["recurrence"].items() if k != "week_of_month" or v}
            _insert(schedule, order, "recurrence", _styled("recurrence", rhythm))
    if not new["sessions"]:
        schedule.pop("sessions", None)
        schedule.pop("duration_minutes", None)
    elif old["sessions"] != new["sessions"] or old["duration_minutes"] != new["duration_minutes"]:
        _insert(schedule, order, "sessions", _styled("sessions", new["sessions"]))
        _insert(schedule, order, "duration_minutes", new["duration_minutes"])
    if old["cancelled"] != new["cancelled"]:
        if new["cancelled"]:
            _insert(schedule, order, "cancelled", _styled("cancelled", new["cancelled"]))
        else:
            schedule.pop("cancelled", None)
    if schedule:
        _insert(node, SERVICE_KEYS, "schedule", schedule)
    else:
        node.pop("schedule", None)


def _new_service(record: records.Record) -> CommentedMap:
    node = CommentedMap()
    for key in ("slug", "organisation", "kind", "title_en", "title_cy"):
        node[key] = record[key]
    _patch_service(node, record)
    return node


# -- reports ----------------------------------------------------------------------------------


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    unchanged: int = 0
    # (what, why): "service:x", "changed in the database since the last export"
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)
    written: bool = False

    def lines(self) -> list[str]:
        out = []
        for title, names in (
            ("added", self.added),
            ("changed", self.changed),
            ("archived", self.archived),
            ("restored", self.restored),
        ):
            out.append(f"{title}: {len(names)}" + (f" ({', '.join(names)})" if names else ""))
        out.append(f"unchanged: {self.unchanged}")
        for what, why in self.conflicts:
            out.append(f"CONFLICT {what}: {why}")
        for what, why in self.invalid:
            out.append(f"INVALID {what}: {why}")
        return out


# -- export -----------------------------------------------------------------------------------


def _file_rows(doc: Mapping[str, Any] | None, key: str) -> dict[str, Any]:
    return {str(row["slug"]): row for row in (doc or {}).get(key) or []}


def export_directory(session: Session, directory: Path, *, force: bool = False) -> SyncReport:
    """Write the database's directory to `directory`/services.yml (see the module doc)."""
    path = directory / SERVICES_FILE
    handler = _yaml()
    source = path.read_text(encoding="utf-8") if path.exists() else NEW_FILE_HEADER
    doc = handler.load(source) or CommentedMap()
    report = SyncReport()
    organisations = {o.slug: o for o in session.scalars(select(Organisation))}
    services = {s.slug: s for s in session.scalars(select(Service))}

    plans: list[tuple[Organisation | Service, records.Record, bool]] = []
    stored_rows: tuple[tuple[str, Mapping[str, Organisation | Service]], ...] = (
        ("organisations", organisations),
        ("services", services),
    )
    for key, stored in stored_rows:
        in_file = _file_rows(doc, key)
        kind = key[:-1]
        for slug, row in stored.items():
            record = _record_of(session, row)
            archived = row.archived_at is not None
            node = in_file.get(slug)
            if node is not None:
                file_state = records.sync_state(_file_record(key, node), False)
                if file_state != records.sync_state(record, archived) and (
                    not records.in_step(row.synced_fingerprint, file_state) and not force
                ):
                    report.conflicts.append(
                        (f"{kind}:{slug}", "the file has changes that were never imported")
                    )
            plans.append((row, record, archived))
        for slug in in_file:
            if slug not in stored and not force:
                report.conflicts.append((f"{kind}:{slug}", "in the file but not in the database"))
    if report.conflicts:
        return report

    for key, stored in stored_rows:
        kept = CommentedSeq()
        placed: set[str] = set()
        for node in doc.get(key) or CommentedSeq():
            found = stored.get(str(node["slug"]))
            if found is None or found.archived_at is not None:
                continue
            if isinstance(found, Organisation):
                _patch_organisation(node, records.organisation_record(found))
            else:
                _patch_service(node, records.service_record(session, found))
            kept.append(node)
            placed.add(found.slug)
        for slug in sorted(set(stored) - placed):
            row = stored[slug]
            if row.archived_at is None:
                if isinstance(row, Organisation):
                    kept.append(_new_organisation(records.organisation_record(row)))
                else:
                    kept.append(_new_service(records.service_record(session, row)))
                report.added.append(slug)
        doc[key] = kept
    for row, record, archived in plans:
        row.synced_fingerprint = records.sync_state(record, archived)
    out = io.StringIO()
    handler.dump(doc, out)
    text = out.getvalue()
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        report.written = True
    audit.record(
        session,
        actor=None,
        action="directory_git_exported",
        subject=audit.subject_for("directory", SERVICES_FILE),
        written=report.written,
    )
    return report


# -- import -----------------------------------------------------------------------------------


def _record_of(session: Session, row: Organisation | Service) -> records.Record:
    if isinstance(row, Organisation):
        return records.organisation_record(row)
    return records.service_record(session, row)


def _file_record(key: str, node: Mapping[str, Any]) -> records.Record:
    if key == "organisations":
        return records.organisation_from_file(dict(node))
    return records.service_from_file(dict(node))


def _state(session: Session, row: Organisation | Service) -> str:
    return records.current_state(session, row)


def import_directory(
    session: Session, directory: Path, *, force: bool = False, dry_run: bool = False
) -> SyncReport:
    """Bring services.yml's changes into the database (see the module doc). With `dry_run`
    the caller rolls back; the report says what would happen."""
    path = directory / SERVICES_FILE
    doc = read_yaml(path) or {}
    sample = bool(doc.get("sample_data", False))
    today = today_in_wales()
    report = SyncReport()
    now = datetime.now(timezone.utc)

    file_orgs = {
        str(r["slug"]): records.organisation_from_file(r) for r in doc.get("organisations") or []
    }
    for slug, record in file_orgs.items():
        organisation = session.get(Organisation, slug)
        if organisation is not None:
            current = _state(session, organisation)
            if current == records.sync_state(record, False):
                report.unchanged += 1
                organisation.synced_fingerprint = current
                continue
            if not records.in_step(organisation.synced_fingerprint, current) and not force:
                report.conflicts.append(
                    (f"organisation:{slug}", "changed by staff since the last export or import")
                )
                continue
        org_before = records.organisation_record(organisation) if organisation else {}
        was_archived = organisation is not None and organisation.archived_at is not None
        organisation = records.write_organisation(session, record, sample=sample)
        organisation.archived_at = None
        organisation.synced_fingerprint = records.sync_state(record, False)
        (
            report.restored if was_archived else report.changed if org_before else report.added
        ).append(slug)
        audit.record(
            session,
            actor=None,
            action="directory_org_updated" if org_before else "directory_org_added",
            subject=audit.subject_for("organisation", slug),
            before=org_before,
            after=record,
            source="git",
        )

    file_services: dict[str, records.Record] = {}
    for raw in doc.get("services") or []:
        record = records.service_from_file(raw)
        problems = check_service(session, flat_of(record), new=False).problems
        if problems:
            report.invalid.append(
                (f"service:{record['slug']}", ", ".join(f"{k}={v}" for k, v in problems.items()))
            )
            continue
        file_services[record["slug"]] = record
    for slug, record in file_services.items():
        service = session.scalars(select(Service).where(Service.slug == slug)).first()
        before: dict[str, str] = {}
        was_archived = False
        if service is not None:
            current = _state(session, service)
            if current == records.sync_state(record, False):
                report.unchanged += 1
                service.synced_fingerprint = current
                continue
            if not records.in_step(service.synced_fingerprint, current) and not force:
                report.conflicts.append(
                    (f"service:{slug}", "changed by staff since the last export or import")
                )
                continue
            before = flat_of(records.service_record(session, service))
            was_archived = service.archived_at is not None
        service = records.write_service(session, record, today=today, sample=sample)
        service.archived_at = None
        service.synced_fingerprint = records.sync_state(record, False)
        (report.restored if was_archived else report.changed if before else report.added).append(
            slug
        )
        audit.record(
            session,
            actor=None,
            action="directory_service_updated" if before else "directory_service_added",
            subject=audit.subject_for("service", slug),
            before=before,
            after=flat_of(record),
            source="git",
        )

    invalid = {what.split(":", 1)[1] for what, _ in report.invalid}
    for service in session.scalars(select(Service).where(Service.archived_at.is_(None))).all():
        if service.slug in file_services or service.slug in invalid:
            continue
        current = _state(session, service)
        if not records.in_step(service.synced_fingerprint, current) and not force:
            report.conflicts.append(
                (f"service:{service.slug}", "not in the file, but changed or added by staff")
            )
            continue
        service.archived_at = now
        service.synced_fingerprint = records.sync_state(
            records.service_record(session, service), True
        )
        report.archived.append(service.slug)
        audit.record(
            session,
            actor=None,
            action="directory_service_archived",
            subject=audit.subject_for("service", service.slug),
            before={"archived": False},
            after={"archived": True},
            source="git",
        )
    for organisation in session.scalars(
        select(Organisation).where(Organisation.archived_at.is_(None))
    ).all():
        if organisation.slug in file_orgs:
            continue
        live = session.scalar(
            select(Service.id).where(
                Service.organisation_slug == organisation.slug, Service.archived_at.is_(None)
            )
        )
        current = _state(session, organisation)
        if live is not None or (
            not records.in_step(organisation.synced_fingerprint, current) and not force
        ):
            report.conflicts.append(
                (f"organisation:{organisation.slug}", "not in the file, but still in use or edited")
            )
            continue
        organisation.archived_at = now
        organisation.synced_fingerprint = records.sync_state(
            records.organisation_record(organisation), True
        )
        report.archived.append(organisation.slug)
        audit.record(
            session,
            actor=None,
            action="directory_org_archived",
            subject=audit.subject_for("organisation", organisation.slug),
            before={"archived": False},
            after={"archived": True},
            source="git",
        )
    if not dry_run:
        audit.record(
            session,
            actor=None,
            action="directory_git_imported",
            subject=audit.subject_for("directory", SERVICES_FILE),
            added=len(report.added),
            changed=len(report.changed),
            archived=len(report.archived),
            restored=len(report.restored),
            conflicts=len(report.conflicts),
            forced=force,
        )
    return report
