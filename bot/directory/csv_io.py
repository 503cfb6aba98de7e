"""The directory as CSV, for spreadsheets: export, and import in two steps.

One row per service, the columns of `COLUMNS` (the staff form's own field names, so the
checks are the same ones: bot/directory/editing.py). Lists are written "a, b" (topics,
access, delivery, languages) or "a; b" (dates of meetings, cancelled dates).

Import is `plan_import` (read, check every row against the database, say what would be
added, changed or left alone, with each bad row's number, column and problem) and then,
only when a member of staff confirms, `apply_import`. Nothing is written before that. A
file with bad rows is refused unless the staff member chooses to import the good rows.

Cells a spreadsheet would run as a formula (starting = + - @, tab or return) are
exported with a leading apostrophe, which the import takes off again, so export then
import changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.directory.editing import (
    SERVICE_FIELDS,
    archive_service,
    check_service,
    find_service,
    flat_of,
    organisation_archived,
    restore_service,
    save_service,
)
from bot.directory.records import service_record
from bot.staff import audit
from bot.staff.audit import FORMULA_STARTS, csv_safe
from bot.store.models import Service

COLUMNS = (*SERVICE_FIELDS, "archived")
MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000


class BadFile(ValueError):
    """The file as a whole cannot be read; `key` is the staff_text message."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class RowProblem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    key: str


@dataclass
class PlannedRow:
    row: int
    slug: str
    status: str  # "added", "changed", "unchanged" or "error"
    changed: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    record: dict[str, Any] | None = None
    archived: bool = False


@dataclass
class ImportPlan:
    rows: list[PlannedRow]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def problems(self) -> list[RowProblem]:
        return [problem for row in self.rows for problem in row.problems]

    @property
    def warnings(self) -> list[RowProblem]:
        return [warning for row in self.rows for warning in row.warnings]

    @property
    def to_write(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.status in ("added", "changed")]

    def digest(self) -> str:
        """What confirming would do: if the database changes before confirming, this does."""
        shown = [(r.row, r.slug, r.status, r.changed, r.archived) for r in self.rows]
        return hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:24]


# -- export -----------------------------------------------------------------------------------


def export_rows(session: Session) -> Iterator[dict[str, str]]:
    for service in session.scalars(select(Service).order_by(Service.slug)):
        flat = flat_of(service_record(session, service))
        flat["archived"] = "yes" if service.archived_at is not None else ""
        yield flat


def export_csv(session: Session) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for flat in export_rows(session):
        writer.writerow([csv_safe(flat[column]) for column in COLUMNS])
    # A byte-order mark so that Excel opens the Welsh letters (ŵ, ŷ) as UTF-8.
    return "\ufeff" + buffer.getvalue()


def _unprotect(cell: str) -> str:
    """Undo `csv_safe`: an apostrophe before a formula character was ours."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS and cell[1:2] else cell


# -- import -----------------------------------------------------------------------------------


def read_table(raw: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, cells) for each data row; BadFile for a file that is not a usable CSV."""
    if not raw.strip():
        raise BadFile("csv_empty")
    if len(raw) > MAX_BYTES:
        raise BadFile("csv_too_large", limit=MAX_BYTES // 1024)
    if b"\x00" in raw:
        raise BadFile("csv_binary")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadFile("csv_not_utf8") from None
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise BadFile("csv_unreadable") from None
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    if not lines:
        raise BadFile("csv_empty")
    header = [cell.strip().lstrip("\ufeff") for cell in lines[0]]
    missing = [column for column in COLUMNS if column not in header]
    unknown = [column for column in header if column not in COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        raise BadFile(
            "csv_wrong_header",
            missing=", ".join(missing) or "-",
            unknown=", ".join(unknown) or "-",
        )
    if len(lines) == 1:
        raise BadFile("csv_no_rows")
    if len(lines) - 1 > MAX_ROWS:
        raise BadFile("csv_too_many_rows", limit=MAX_ROWS)
    rows: list[tuple[int, dict[str, str]]] = []
    for number, line in enumerate(lines[1:], start=2):
        cells = {column: "" for column in header}
        if len(line) > len(header):
            cells["_extra"] = "yes"
        for column, cell in zip(header, line, strict=False):
            cells[column] = _unprotect(cell)
        rows.append((number, cells))
    return rows


def plan_import(session: Session, raw: bytes) -> ImportPlan:
    rows: list[PlannedRow] = []
    seen: dict[str, int] = {}
    for number, cells in read_table(raw):
        slug = cells.get("slug", "").strip().lower()
        existing = find_service(session, slug) if slug else None
        checked = check_service(session, cells, new=existing is None)
        planned = PlannedRow(row=number, slug=slug, status="error")
        planned.problems = [RowProblem(number, c, k) for c, k in checked.problems.items()]
        planned.warnings = [RowProblem(number, c, k) for c, k in checked.warnings.items()]
        if cells.get("_extra"):
            planned.problems.append(RowProblem(number, "-", "csv_extra_cells"))
        archived_cell = cells.get("archived", "").strip().lower()
        if archived_cell not in ("", "yes"):
            planned.problems.append(RowProblem(number, "archived", "csv_yes_or_empty"))
        if slug and slug in seen:
            planned.problems.append(RowProblem(number, "slug", "csv_duplicate_slug"))
        seen.setdefault(slug, number)
        planned.archived = archived_cell == "yes"
        if (
            not planned.archived
            and not planned.problems
            and organisation_archived(session, checked.record["organisation"])
        ):
            # A live service of an archived organisation would be offered by nobody.
            planned.problems.append(
                RowProblem(number, "organisation", "dir_error_organisation_archived")
            )
        if not planned.problems:
            planned.record = checked.record
            if existing is None:
                planned.status = "added"
                planned.changed = [c for c in COLUMNS if cells.get(c, "").strip()]
            else:
                before = flat_of(service_record(session, existing))
                before["archived"] = "yes" if existing.archived_at is not None else ""
                after = {**flat_of(checked.record), "archived": "yes" if planned.archived else ""}
                planned.changed = sorted(audit.changes_between(before, after))
                planned.status = "changed" if planned.changed else "unchanged"
        rows.append(planned)
    return ImportPlan(rows)


def apply_import(session: Session, plan: ImportPlan, *, actor: int | None) -> dict[str, int]:
    """Write the planned good rows (the caller has made sure the staff member agreed)."""
    counts = {"added": 0, "changed": 0}
    for planned in plan.to_write:
        assert planned.record is not None
        save_service(session, planned.record, actor=actor)
        service = find_service(session, planned.slug)
        assert service is not None
        if planned.archived:
            archive_service(session, service, actor=actor)
        else:
            restore_service(session, service, actor=actor)
        counts[planned.status] += 1
    audit.record(
        session,
        actor=actor,
        action="directory_csv_imported",
        subject=audit.subject_for("directory", "csv"),
        added=counts["added"],
        changed=counts["changed"],
        unchanged=plan.count("unchanged"),
        skipped=plan.count("error"),
    )
    return counts
