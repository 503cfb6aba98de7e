"""Importing the directory from a CSV file, in two steps: upload and preview, then confirm.

The upload is an ordinary HTML form with a file (no JavaScript needed). The preview says
which rows add, change or leave a service alone, and each bad row's number, column and
problem. Nothing is written until the staff member confirms; the confirmation carries
the file itself (so nothing is kept on the server in between) and a digest of the
preview, so if the directory changed meanwhile the new preview is shown instead. A file
with bad rows imports its good rows only when the staff member ticks that choice.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.directory import csv_io
from bot.web.staff_directory import HOME, LABELS
from bot.web.staff_kit import DEFAULT_MAX_FORM_BYTES, BadForm, StaffKit, Visit

IMPORT = "directory.import"
NAV: tuple[Any, ...] = ()  # reached from the directory screen
# The confirmation carries the file again, in base64 (a third bigger), with the form.
CONFIRM_LIMIT = 2 * csv_io.MAX_BYTES + DEFAULT_MAX_FORM_BYTES
# For the app's size guard (bot/web/security.py), which refuses bigger bodies before any
# route runs.
BODY_LIMITS = {f"{HOME}/import": CONFIRM_LIMIT, f"{HOME}/import/confirm": CONFIRM_LIMIT}


def routes(kit: StaffKit) -> APIRouter:
    # One router per size limit: the CSRF guard reads (and limits) the body before the route.
    api = kit.router(max_form_bytes=CONFIRM_LIMIT)
    importer = kit.allow(IMPORT)

    def upload_page(
        visit: Visit, problem: str | None = None, values: dict[str, Any] | None = None
    ) -> Response:
        return kit.page(
            visit,
            "directory_import.html",
            status=400 if problem else 200,
            problem=problem,
            problem_values=values or {},
            limit_kb=csv_io.MAX_BYTES // 1024,
            max_rows=csv_io.MAX_ROWS,
            columns=csv_io.COLUMNS,
            errors={"file": problem} if problem else {},
            labels={"file": "import_file"},
        )

    def preview(visit: Visit, raw: bytes, notice: str | None = None, status: int = 200) -> Response:
        with kit.sessions() as session:
            try:
                plan = csv_io.plan_import(session, raw)
            except csv_io.BadFile as bad:
                return upload_page(visit, bad.key, bad.values)
        return kit.page(
            visit,
            "directory_import_preview.html",
            status=status,
            plan=plan,
            content=base64.urlsafe_b64encode(raw).decode("ascii"),
            digest=plan.digest(),
            labels=LABELS,
            notice_key=notice,
            errors={"import_good_rows": notice} if notice == "import_choose_good_rows" else {},
        )

    @api.get(f"{HOME}/import", response_model=None)
    async def import_form(visit: Visit = importer) -> Response:
        return upload_page(visit)

    @api.post(f"{HOME}/import", response_model=None)
    async def upload(request: Request, visit: Visit = importer) -> Response:
        sent = kit.file(request, "file")
        if sent is None or not sent.content:
            return upload_page(visit, "csv_no_file")
        if len(sent.content) > csv_io.MAX_BYTES:
            return upload_page(visit, "csv_too_large", {"limit": csv_io.MAX_BYTES // 1024})
        return preview(visit, sent.content)

    @api.post(f"{HOME}/import/confirm", response_model=None)
    async def confirm(request: Request, visit: Visit = importer) -> Response:
        form = kit.form(request)
        try:
            raw = base64.urlsafe_b64decode(form.get("content").encode("ascii"))
        except (binascii.Error, ValueError) as exc:
            raise BadForm() from exc
        if not raw:
            return upload_page(visit, "csv_no_file")
        with kit.sessions() as session:
            try:
                plan = csv_io.plan_import(session, raw)
            except csv_io.BadFile as bad:
                return upload_page(visit, bad.key, bad.values)
        if form.get("digest") != plan.digest():
            return preview(visit, raw, notice="import_changed_meanwhile", status=409)
        if plan.problems and form.get("import_good_rows") != "yes":
            return preview(visit, raw, notice="import_choose_good_rows", status=400)
        if not plan.to_write:
            return kit.redirect(visit, HOME, flash="nothing_changed")
        with kit.sessions() as session, session.begin():
            # Planned again inside the writing transaction: what is written is what was
            # checked against the database as it is now.
            plan = csv_io.plan_import(session, raw)
            counts = csv_io.apply_import(session, plan, actor=visit.signed_in.id)
        return kit.redirect(
            visit,
            HOME,
            flash="import_done",
            added=counts["added"],
            changed=counts["changed"],
            skipped=plan.count("error"),
        )

    return api
