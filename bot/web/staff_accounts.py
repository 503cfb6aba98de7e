"""Staff accounts, for admins: create, change roles and languages, deactivate, reset.

New accounts and reset passwords get a one-time password, shown once to the admin, which
its owner must replace at first sign-in; an admin never chooses or learns anyone's own
password. Deactivating or resetting signs the account out everywhere. There is always at
least one active admin (bot.staff.accounts refuses the change that would leave none).
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from bot.staff import accounts
from bot.staff.accounts import AccountError, AccountFields
from bot.staff.paging import page_number, paginate
from bot.staff.permissions import ROLES
from bot.store.models import Organisation, StaffAccount
from bot.web.staff_kit import ADMIN_ROOT, Form, NavLink, NotFound, StaffKit, Visit
from bot.web.staff_text import texts_for

MANAGE = "accounts.manage"
HOME = f"{ADMIN_ROOT}/accounts"
NAV = (NavLink(MANAGE, HOME, "accounts", "accounts_intro"),)
LABELS = {
    "username": "username",
    "display_name": "display_name",
    "roles": "roles",
    "languages": "support_languages",
    "organisation_slug": "organisation",
    "ui_language": "interface_language",
}
FIELDS = tuple(LABELS)


def fields_from(form: Form) -> AccountFields:
    return AccountFields(
        display_name=form.get("display_name").strip(),
        roles=[r for r in form.getlist("roles") if r],
        languages=[lang for lang in form.getlist("languages") if lang],
        organisation_slug=form.get("organisation_slug").strip() or None,
        ui_language=form.get("ui_language"),
    )


def shown_from(form: Form) -> dict[str, object]:
    return {
        "username": form.get("username"),
        "display_name": form.get("display_name"),
        "roles": form.getlist("roles"),
        "languages": form.getlist("languages"),
        "organisation_slug": form.get("organisation_slug"),
        "ui_language": form.get("ui_language"),
    }


def shown_from_account(account: StaffAccount) -> dict[str, object]:
    return {
        "username": account.username,
        "display_name": account.display_name,
        "roles": list(account.roles or []),
        "languages": list(account.languages or []),
        "organisation_slug": account.organisation_slug or "",
        "ui_language": account.ui_language,
    }


def routes(kit: StaffKit) -> APIRouter:
    api = kit.router()
    admin = kit.allow(MANAGE)

    def organisations() -> list[tuple[str, str, str]]:
        with kit.sessions() as session:
            return [
                (o.slug, o.name_cy, o.name_en)
                for o in session.scalars(
                    select(Organisation)
                    .where(Organisation.archived_at.is_(None))
                    .order_by(Organisation.name_en)
                )
            ]

    def form_page(
        visit: Visit,
        values: dict[str, object],
        errors: dict[str, str],
        account_id: int | None = None,
        status: int = 200,
        active: bool = True,
    ) -> Response:
        t = texts_for(visit.language)
        return kit.page(
            visit,
            "account_form.html",
            status=status,
            values=values,
            errors=errors,
            labels=LABELS,
            role_options=[(r, t[f"role_{r}"], t[f"role_{r}_hint"]) for r in ROLES],
            organisation_options=[("", t["none"])]
            + [(slug, cy if visit.language == "cy" else en) for slug, cy, en in organisations()],
            account_id=account_id,
            active=active,
            is_self=account_id == visit.signed_in.id,
        )

    def load(session_account_id: int) -> dict[str, object]:
        with kit.sessions() as session:
            account = session.get(StaffAccount, session_account_id)
            if account is None:
                raise NotFound()
            return {**shown_from_account(account), "active": account.active, "id": account.id}

    @api.get(HOME, response_model=None)
    async def account_list(request: Request, visit: Visit = admin) -> Response:
        page = page_number(request.query_params.get("page"))
        with kit.sessions() as session:
            paged = paginate(
                session,
                select(StaffAccount).order_by(StaffAccount.active.desc(), StaffAccount.username),
                page,
            )
        return kit.page(
            visit,
            "accounts.html",
            paged=paged,
            page_url=lambda n: f"{HOME}?page={n}",
        )

    @api.get(f"{HOME}/new", response_model=None)
    async def new_account(visit: Visit = admin) -> Response:
        blank: dict[str, object] = {"roles": [], "languages": ["cy", "en"], "ui_language": "cy"}
        return form_page(visit, blank, {})

    @api.post(f"{HOME}/new", response_model=None)
    async def create(request: Request, visit: Visit = admin) -> Response:
        form = kit.form(request)
        username, fields = form.get("username").strip().lower(), fields_from(form)

        def make() -> tuple[dict[str, str], str, str]:
            with kit.sessions() as session, session.begin():
                problems = accounts.check_fields(session, fields)
                if taken := accounts.check_username(session, username):
                    problems = {"username": taken, **problems}
                if problems:
                    return problems, "", ""
                account, password = accounts.invite_account(
                    session, username, fields, actor=visit.signed_in.id
                )
                return {}, account.display_name, password

        problems, name, password = await asyncio.to_thread(make)
        if problems:
            return form_page(visit, shown_from(form), problems, status=400)
        return kit.page(
            visit,
            "account_password.html",
            name=name,
            username=username,
            password=password,
            created=True,
        )

    @api.get(f"{HOME}/{{account_id:int}}", response_model=None)
    async def edit(account_id: int, visit: Visit = admin) -> Response:
        values = load(account_id)
        return form_page(visit, values, {}, account_id, active=bool(values["active"]))

    @api.post(f"{HOME}/{{account_id:int}}", response_model=None)
    async def save(account_id: int, request: Request, visit: Visit = admin) -> Response:
        form = kit.form(request)
        current = load(account_id)
        try:
            with kit.sessions() as session, session.begin():
                account = session.get(StaffAccount, account_id)
                if account is None:
                    raise NotFound()
                changed = accounts.update_account(
                    session, account, fields_from(form), actor=visit.signed_in.id
                )
        except AccountError as exc:
            values = {**shown_from(form), "username": current["username"]}
            return form_page(
                visit,
                values,
                {exc.field or "roles": exc.code},
                account_id,
                status=400,
                active=bool(current["active"]),
            )
        return kit.redirect(
            visit, f"{HOME}/{account_id}", flash="saved" if changed else "nothing_changed"
        )

    def confirm_page(
        visit: Visit, account_id: int, what: str, error: str | None = None
    ) -> Response:
        values = load(account_id)
        return kit.page(
            visit,
            "account_confirm.html",
            status=400 if error else 200,
            what=what,
            account=values,
            error=error,
        )

    @api.get(f"{HOME}/{{account_id:int}}/deactivate", response_model=None)
    async def confirm_deactivate(account_id: int, visit: Visit = admin) -> Response:
        return confirm_page(visit, account_id, "deactivate")

    @api.get(f"{HOME}/{{account_id:int}}/reset-password", response_model=None)
    async def confirm_reset(account_id: int, visit: Visit = admin) -> Response:
        return confirm_page(visit, account_id, "reset-password")

    @api.post(f"{HOME}/{{account_id:int}}/deactivate", response_model=None)
    async def deactivate(account_id: int, visit: Visit = admin) -> Response:
        return set_active(visit, account_id, False)

    @api.post(f"{HOME}/{{account_id:int}}/reactivate", response_model=None)
    async def reactivate(account_id: int, visit: Visit = admin) -> Response:
        return set_active(visit, account_id, True)

    def set_active(visit: Visit, account_id: int, active: bool) -> Response:
        if account_id == visit.signed_in.id:
            return confirm_page(visit, account_id, "deactivate", error="error_self")
        try:
            with kit.sessions() as session, session.begin():
                account = session.get(StaffAccount, account_id)
                if account is None:
                    raise NotFound()
                accounts.set_active(session, account, active, actor=visit.signed_in.id)
                name = account.display_name
        except AccountError as exc:
            return confirm_page(visit, account_id, "deactivate", error=exc.code)
        flash = "account_reactivated" if active else "account_deactivated"
        return kit.redirect(visit, f"{HOME}/{account_id}", flash=flash, name=name)

    @api.post(f"{HOME}/{{account_id:int}}/reset-password", response_model=None)
    async def reset(account_id: int, visit: Visit = admin) -> Response:
        if account_id == visit.signed_in.id:
            return confirm_page(visit, account_id, "reset-password", error="error_self")

        def do_reset() -> tuple[str, str, str]:
            with kit.sessions() as session, session.begin():
                account = session.get(StaffAccount, account_id)
                if account is None:
                    raise NotFound()
                password = accounts.reset_password(session, account, actor=visit.signed_in.id)
                return account.display_name, account.username, password

        name, username, password = await asyncio.to_thread(do_reset)
        return kit.page(
            visit,
            "account_password.html",
            name=name,
            username=username,
            password=password,
            created=False,
        )

    return api
