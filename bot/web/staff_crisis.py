"""The crisis lines screen: everyone may read them; admins change them, in two steps.

Edit -> "check the changes" shows what changes, field by field, and exactly what people
will see in Welsh and in English -> "confirm and save". The confirmation carries a
fingerprint of the line as it was; if somebody saved it in between, the admin is shown
the new comparison instead of overwriting their colleague. Checks are in
bot/staff/crisis_lines.py. The change is live at once (the assistant reads the table).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.content.crisis import CrisisLineInfo, render_lines
from bot.staff import crisis_lines as lines
from bot.staff.audit import changes_between
from bot.store.models import CrisisLine
from bot.web.staff_kit import ADMIN_ROOT, NavLink, NotFound, StaffKit, Visit

VIEW, EDIT = "crisis_lines.view", "crisis_lines.edit"
HOME = f"{ADMIN_ROOT}/crisis-lines"
NAV = (NavLink(VIEW, HOME, "crisis_lines", "crisis_lines_intro"),)
LABELS = {
    "slug": "line_slug",
    "name_cy": "line_name_cy",
    "name_en": "line_name_en",
    "how_cy": "line_how_cy",
    "how_en": "line_how_en",
    "when_cy": "line_when_cy",
    "when_en": "line_when_en",
    "phone": "line_phone",
    "sms": "line_sms",
    "opens_at": "line_opens_at",
    "closes_at": "line_closes_at",
    "only_language": "line_only_language",
    "position": "line_position",
    "active": "line_active",
}


def form_values(values: dict[str, Any]) -> dict[str, str]:
    """Stored or checked values as the form shows them."""
    shown = {
        field: "" if values.get(field) is None else str(values[field]) for field in lines.FIELDS
    }
    shown["active"] = "yes" if values.get("active") is True else ""
    return shown


def preview(slug: str, values: dict[str, Any]) -> dict[str, str]:
    """What a person at risk will read, in each language, exactly as the assistant writes it."""
    info = CrisisLineInfo.from_mapping({"slug": slug, **values})
    return {lang: render_lines([info], lang) for lang in ("cy", "en")}


def routes(kit: StaffKit) -> APIRouter:
    api = kit.router()
    reader, admin = kit.allow(VIEW), kit.allow(EDIT)

    @api.get(HOME, response_model=None)
    async def crisis_lines(visit: Visit = reader) -> Response:
        with kit.sessions() as session:
            rows = [{"slug": row.slug, **lines.values_of(row)} for row in lines.ordered(session)]
        return kit.page(visit, "crisis_lines.html", lines=rows, can_edit=visit.can(EDIT))

    def edit_page(
        visit: Visit,
        slug: str | None,
        values: dict[str, str],
        errors: dict[str, str],
        status: int = 200,
    ) -> Response:
        return kit.page(
            visit,
            "crisis_line_form.html",
            status=status,
            slug=slug,
            values=values,
            errors=errors,
            labels=LABELS,
            always_on=slug in lines.ALWAYS_ON,
        )

    def stored(slug: str) -> dict[str, Any]:
        with kit.sessions() as session:
            row = session.get(CrisisLine, slug)
            if row is None:
                raise NotFound()
            return lines.values_of(row)

    @api.get(f"{HOME}/new", response_model=None)
    async def new_line(visit: Visit = admin) -> Response:
        # Nothing is filled in for the admin: no number is ever suggested.
        return edit_page(visit, None, {"position": "", "active": "yes"}, {})

    @api.post(f"{HOME}/new", response_model=None)
    async def check_new_line(request: Request, visit: Visit = admin) -> Response:
        return review(visit, request, None, {})

    @api.post(f"{HOME}/new/confirm", response_model=None)
    async def save_new_line(request: Request, visit: Visit = admin) -> Response:
        return confirm(visit, request, None)

    @api.get(f"{HOME}/{{slug}}/edit", response_model=None)
    async def edit_line(slug: str, visit: Visit = admin) -> Response:
        return edit_page(visit, slug, form_values(stored(slug)), {})

    @api.post(f"{HOME}/{{slug}}/edit", response_model=None)
    async def check_line(slug: str, request: Request, visit: Visit = admin) -> Response:
        return review(visit, request, slug, stored(slug))

    @api.post(f"{HOME}/{{slug}}/confirm", response_model=None)
    async def save_line(slug: str, request: Request, visit: Visit = admin) -> Response:
        stored(slug)
        return confirm(visit, request, slug)

    def checked(
        request: Request, slug: str | None
    ) -> tuple[str, dict[str, Any], dict[str, str], dict[str, str]]:
        """(slug, values, problems, what to re-show) from a submitted form."""
        form = kit.form(request)
        shown = form.values("slug", *lines.FIELDS)
        shown["active"] = "yes" if form.get("active") == "yes" else ""
        values = lines.read_form({name: form.get(name) for name in lines.FIELDS})
        problems: dict[str, str] = {}
        if slug is None:
            slug = form.get("slug").strip().lower()
            with kit.sessions() as session:
                if (bad := lines.check_new_slug(session, slug)) is not None:
                    problems["slug"] = bad
        problems.update(lines.check(values, slug))
        return slug, values, problems, shown

    def review(
        visit: Visit,
        request: Request,
        slug: str | None,
        before: dict[str, Any],
        notice: str | None = None,
    ) -> Response:
        new_slug, values, problems, shown = checked(request, slug)
        if problems:
            return edit_page(visit, slug, shown, problems, status=400)
        return kit.page(
            visit,
            "crisis_line_confirm.html",
            slug=new_slug,
            is_new=slug is None,
            changes=changes_between(before, values),
            labels=LABELS,
            hidden=form_values(values),
            version=lines.version_of(before) if before else "",
            preview=preview(new_slug, values),
            shown_to=values.get("only_language"),
            hours=(values.get("opens_at"), values.get("closes_at")),
            active=values.get("active"),
            notice_key=notice,
        )

    def confirm(visit: Visit, request: Request, slug: str | None) -> Response:
        form = kit.form(request)
        if form.get("decision") == "change":
            return edit_page(visit, slug, checked(request, slug)[3], {})
        before = stored(slug) if slug is not None else {}
        if slug is not None and form.get("version") != lines.version_of(before):
            return review(visit, request, slug, before, notice="line_changed_meanwhile")
        new_slug, values, problems, shown = checked(request, slug)
        if problems:
            return edit_page(visit, slug, shown, problems, status=400)
        if not changes_between(before, values):
            return kit.redirect(visit, HOME, flash="nothing_changed")
        with kit.sessions() as session, session.begin():
            lines.save(session, new_slug, values, actor=visit.signed_in.id)
        name = values[f"name_{visit.language}"]
        return kit.redirect(visit, HOME, flash="crisis_line_saved", name=name)

    return api
