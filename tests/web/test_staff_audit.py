"""The audit log: search by who, action, subject, dates and free text, a page at a time;
download as CSV that a spreadsheet cannot run as formulas; the download itself recorded."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.staff import audit
from bot.staff.audit import AuditQuery, changes_between, csv_safe
from bot.store.models import AuditEvent
from tests.web.staff_helpers import StaffBrowser, last_audit, make_account


@pytest.fixture
def admin(staff_browser: StaffBrowser, sessions: Callable[[], Session]) -> StaffBrowser:
    staff_browser.use_session_of(sessions, make_account(sessions, "ffion", ["admin"]))
    return staff_browser


def add_events(sessions: Callable[[], Session], *events: tuple[int | None, str, str]) -> None:
    with sessions() as session, session.begin():
        for actor, action, subject in events:
            audit.record(session, actor=actor, action=action, subject=subject)


def rows_of(page: str) -> list[str]:
    body = page.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in page else ""
    return [row for row in body.split("<tr>")[1:]]


def test_the_diff_keeps_changed_fields_and_hides_secrets() -> None:
    before = {"name": "A", "roles": ["editor"], "password_hash": "x", "same": 1}
    after = {"name": "B", "roles": ["editor", "admin"], "password_hash": "y", "same": 1}
    assert changes_between(before, after) == {
        "name": {"before": "A", "after": "B"},
        "password_hash": {"before": "(hidden)", "after": "(hidden)"},
        "roles": {"before": ["editor"], "after": ["editor", "admin"]},
    }


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("staff:sian", "staff:sian"),
        ("", ""),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_made_text(cell: str, safe: str) -> None:
    assert csv_safe(cell) == safe


def test_dates_are_welsh_local_days(sessions: Callable[[], Session]) -> None:
    add_events(sessions, (None, "test_event", "late:june"))
    with sessions() as session, session.begin():
        # 23:30 UTC on 30 June is 00:30 on 1 July in Wales (BST).
        session.execute(
            update(AuditEvent)
            .where(AuditEvent.subject == "late:june")
            .values(created_at=datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc))
        )
    with sessions() as session:
        july = audit.search(session, AuditQuery(since=date(2026, 7, 1), until=date(2026, 7, 1)))
        june = audit.search(session, AuditQuery(until=date(2026, 6, 30), action="test_event"))
    assert [e.subject for e in july.items] == ["late:june"] and june.total == 0


def test_the_log_is_searchable_by_who_action_subject_and_any_part_of_the_subject(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    gwen = make_account(sessions, "gwen", ["editor"])
    add_events(
        sessions,
        (gwen, "crisis_line_updated", "crisis_line:samaritans"),
        (gwen, "crisis_line_updated", "crisis_line:samaritans-welsh"),
        (None, "handoff_requested", "ab12"),
        (gwen, "account_updated", "staff:100%_real"),
    )
    by_gwen = admin.get(f"/admin/audit?who={gwen}")
    assert len(rows_of(by_gwen.text)) == 3 and "ab12" not in by_gwen.text
    system = admin.get("/admin/audit?who=system&action=handoff_requested")
    assert len(rows_of(system.text)) == 1 and "A person asked for a peer supporter" in system.text
    exact = admin.get("/admin/audit?subject=crisis_line:samaritans")
    assert len(rows_of(exact.text)) == 1
    partial = admin.get("/admin/audit?q=SAMARITANS")
    assert len(rows_of(partial.text)) == 2
    literal = admin.get("/admin/audit?q=100%25_")  # % and _ are letters here, not wildcards
    assert len(rows_of(literal.text)) == 1
    assert len(rows_of(admin.get("/admin/audit?q=0%25").text)) == 1
    assert rows_of(admin.get("/admin/audit?q=zzz").text) == []
    assert "No events match." in admin.get("/admin/audit?q=zzz").text


def test_bad_dates_are_explained_and_the_filters_kept(admin: StaffBrowser) -> None:
    page = admin.get("/admin/audit?since=2026-13-01&q=sian")
    assert page.status_code == 400 and "Use a date like 2026-11-30." in page.text
    assert 'value="2026-13-01"' in page.text and 'value="sian"' in page.text
    backwards = admin.get("/admin/audit?since=2026-11-02&until=2026-11-01")
    assert "must not be before" in backwards.text


def test_the_log_comes_a_page_at_a_time_keeping_the_filters(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    add_events(sessions, *[(None, "test_event", f"item:{n:03}") for n in range(120)])
    first = admin.get("/admin/audit?action=test_event")
    assert "Showing 1 to 50 of 120" in first.text and "Page 1 of 3" in first.text
    assert 'href="/admin/audit?action=test_event&amp;page=2"' in first.text
    second = admin.get("/admin/audit?action=test_event&page=2")
    assert "Showing 51 to 100 of 120" in second.text and "item:069" in second.text
    beyond = admin.get("/admin/audit?action=test_event&page=99")
    assert "Showing 101 to 120 of 120" in beyond.text
    assert "Showing 1 to 50" in admin.get("/admin/audit?action=test_event&page=x").text


def test_the_csv_export_has_the_filtered_events_safely_and_is_itself_recorded(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    add_events(
        sessions,
        (None, "test_event", '=HYPERLINK("http://evil.example","click")'),
        (None, "test_event", "-2+3"),
        (None, "other_event", "not:wanted"),
    )
    response = admin.get("/admin/audit/export.csv?action=test_event")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(r["subject"] for r in rows) == [
        "'-2+3",
        '\'=HYPERLINK("http://evil.example","click")',
    ]
    assert all(r["action"] == "test_event" and r["who"] == "" for r in rows)
    exported = last_audit(sessions, "audit_exported")
    assert exported.subject == "staff:ffion" and exported.detail == {
        "filters": {"action": "test_event"}
    }


def test_changes_are_shown_and_exported_field_by_field(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    with sessions() as session, session.begin():
        audit.record(
            session,
            actor=None,
            action="crisis_line_updated",
            subject="crisis_line:shout",
            before={"when_en": "24 hours"},
            after={"when_en": "24 hours, free"},
        )
    page = admin.get("/admin/audit?subject=crisis_line:shout")
    assert "<strong>when_en</strong>: 24 hours → 24 hours, free" in page.text
    rows = list(csv.DictReader(io.StringIO(admin.get("/admin/audit/export.csv?q=shout").text)))
    assert json.loads(rows[0]["changes"]) == {
        "when_en": {"after": "24 hours, free", "before": "24 hours"}
    }
