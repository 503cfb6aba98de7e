"""The audit log screen (admins): search by who, action, subject, dates and any part of the
subject, a page at a time, and download the same selection as CSV.

Downloading is itself recorded. The CSV is written a chunk at a time and every cell that a
spreadsheet would run as a formula is made plain text (bot.staff.audit.csv_safe).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.staff import audit
from bot.staff.accounts import account_subject
from bot.staff.paging import page_number
from bot.web.staff_kit import ADMIN_ROOT, NavLink, StaffKit, Visit, csv_download
from bot.web.staff_text import texts_for

VIEW, EXPORT = "audit.view", "audit.export"
HOME = f"{ADMIN_ROOT}/audit"
NAV = (NavLink(VIEW, HOME, "audit_log", "audit_intro"),)
FILTERS = ("who", "action", "subject", "q", "since", "until")
LABELS = {name: f"audit_filter_{name}" for name in FILTERS}


def read_filters(params: dict[str, str]) -> tuple[audit.AuditQuery, dict[str, str], dict[str, str]]:
    """(query, problems, what to re-show) from the address's parameters."""
    shown = {name: params.get(name, "").strip()[:120] for name in FILTERS}
    problems: dict[str, str] = {}
    who = shown["who"]
    staff_id = int(who) if who.isdigit() and len(who) < 10 else None
    if who and who != "system" and staff_id is None:
        problems["who"] = "error_audit_who"
    days: dict[str, date | None] = {}
    for name in ("since", "until"):
        try:
            days[name] = date.fromisoformat(shown[name]) if shown[name] else None
        except ValueError:
            days[name] = None
            problems[name] = "error_date"
    since, until = days["since"], days["until"]
    if since and until and until < since:
        problems["until"] = "error_date_order"
    query = audit.AuditQuery(
        staff_id=staff_id,
        system_only=who == "system",
        action=shown["action"] or None,
        subject=shown["subject"] or None,
        text=shown["q"] or None,
        since=since,
        until=until,
    )
    return query, problems, shown


def routes(kit: StaffKit) -> APIRouter:
    api = kit.router()
    viewer, exporter = kit.allow(VIEW), kit.allow(EXPORT)

    @api.get(HOME, response_model=None)
    async def audit_log(request: Request, visit: Visit = viewer) -> Response:
        params = dict(request.query_params)
        query, problems, shown = read_filters(params)
        page = page_number(params.get("page"))
        with kit.sessions() as session:
            paged = None if problems else audit.search(session, query, page)
            names = audit.usernames(session)
            actions = audit.actions_in_log(session)
        kept = {name: value for name, value in shown.items() if value}
        t = texts_for(visit.language)
        who_options = [("", t["audit_anyone"]), ("system", t["audit_system"])] + [
            (str(staff_id), name) for staff_id, name in sorted(names.items(), key=lambda i: i[1])
        ]
        action_options = [("", t["audit_any_action"])] + [
            (action, t.get(f"audit_action_{action}", action)) for action in actions
        ]

        def page_url(number: int) -> str:
            return f"{HOME}?{urlencode({**kept, 'page': number})}"

        return kit.page(
            visit,
            "audit.html",
            status=400 if problems else 200,
            paged=paged,
            values=shown,
            errors=problems,
            labels=LABELS,
            names=names,
            who_options=who_options,
            action_options=action_options,
            page_url=page_url,
            subject_url=lambda subject: f"{HOME}?{urlencode({'subject': subject})}",
            export_url=f"{HOME}/export.csv?{urlencode(kept)}",
            can_export=visit.can(EXPORT),
        )

    @api.get(f"{HOME}/export.csv", response_model=None)
    async def export(request: Request, visit: Visit = exporter) -> Response:
        query, problems, shown = read_filters(dict(request.query_params))
        if problems:
            return kit.redirect(visit, f"{HOME}?{urlencode(shown)}")
        me = visit.signed_in
        with kit.sessions() as session, session.begin():
            audit.record(
                session,
                actor=me.id,
                action="audit_exported",
                subject=account_subject(me.username),
                filters={name: value for name, value in shown.items() if value},
            )

        def rows() -> Iterator[str]:
            with kit.sessions() as session:
                yield from audit.export_csv(session, query)

        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M")
        return csv_download(rows(), f"cymar-audit-{stamp}.csv")

    return api
