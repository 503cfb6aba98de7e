"""Signing in and out, the dashboard, the language switch and changing your own password.

Sign-in: throttled (bot.staff.throttle) before the password is checked, then argon2 (an
old scrypt hash is upgraded on success), then a fresh session whose cookie is HttpOnly,
SameSite=Strict, Secure (unless SECURE_COOKIES=false) and scoped to /admin. Every sign-in,
refusal, throttling and sign-out goes to the audit log; the typed username is recorded
only when it names a real account, because people sometimes type a password there.
"""

from __future__ import annotations

import asyncio
import logging
import math
from dataclasses import dataclass
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from bot.staff import audit, throttle
from bot.staff.accounts import account_subject, authenticate, change_own_password, find_by_username
from bot.staff.sessions import close_session, now_utc, open_session
from bot.store.models import StaffAccount
from bot.web.staff_kit import (
    ADMIN_ROOT,
    COOKIE,
    LANGUAGE_COOKIE,
    PRE_SESSION_COOKIE,
    NavLink,
    StaffKit,
    Visit,
    safe_next,
)
from bot.web.staff_text import texts_for

log = logging.getLogger(__name__)

NAV = (
    NavLink(
        "own_account.manage",
        f"{ADMIN_ROOT}/account/password",
        "own_account",
        "own_account_intro",
    ),
)
UNKNOWN_ACCOUNT = audit.subject_for("staff", "?")


@dataclass(frozen=True)
class SignIn:
    token: str | None = None
    must_change_password: bool = False
    ui_language: str = "cy"
    retry_after: timedelta | None = None


def routes(kit: StaffKit) -> APIRouter:
    api = kit.router()
    anyone_signed_in = kit.allow("dashboard.view")
    self_service = kit.allow("own_account.manage", while_password_pending=True)

    @api.get(ADMIN_ROOT, response_model=None)
    async def dashboard(visit: Visit = anyone_signed_in) -> Response:
        return kit.page(visit, "dashboard.html")

    @api.get(f"{ADMIN_ROOT}/login", response_model=None)
    async def login_form(request: Request) -> Response:
        visit = kit.public(request)
        if visit.staff is not None:
            return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
        return login_page(visit, next_page=request.query_params.get("next", ""))

    def login_page(
        visit: Visit,
        next_page: str,
        username: str = "",
        error: str | None = None,
        status: int = 200,
    ) -> Response:
        return kit.page(
            visit,
            "login.html",
            status=status,
            next=safe_next(next_page, ""),
            username=username,
            error=error,
        )

    @api.post(f"{ADMIN_ROOT}/login", response_model=None)
    async def login(request: Request) -> Response:
        visit = kit.public(request)
        form = kit.form(request)
        username = form.get("username")[:200]
        password = form.get("password")[:1024]
        address = request.client.host if request.client else "unknown"
        result = await asyncio.to_thread(sign_in, kit, username, password, address)
        t = texts_for(visit.language)
        if result.retry_after is not None:
            minutes = max(1, math.ceil(result.retry_after.total_seconds() / 60))
            return login_page(
                visit,
                form.get("next"),
                username,
                t["throttled"].format(minutes=minutes),
                status=429,
            )
        if result.token is None:
            return login_page(visit, form.get("next"), username, t["bad_login"], status=401)
        target = (
            f"{ADMIN_ROOT}/account/password"
            if result.must_change_password
            else safe_next(form.get("next"))
        )
        response = RedirectResponse(target, status_code=303)
        kit.cookie(response, COOKIE, result.token)
        kit.forget_cookie(response, PRE_SESSION_COOKIE)
        # So that the sign-in page, after signing out or a session ending, speaks their language.
        kit.cookie(response, LANGUAGE_COOKIE, result.ui_language)
        return response

    @api.post(f"{ADMIN_ROOT}/logout", response_model=None)
    async def logout(
        request: Request,
        visit: Visit = self_service,
    ) -> Response:
        with kit.sessions() as session, session.begin():
            staff_id = close_session(session, request.cookies.get(COOKIE))
            if staff_id is not None:
                audit.record(
                    session,
                    actor=staff_id,
                    action="sign_out",
                    subject=account_subject(visit.signed_in.username),
                )
        response = RedirectResponse(f"{ADMIN_ROOT}/login?notice=signed_out", status_code=303)
        kit.forget_cookie(response, COOKIE)
        return response

    @api.post(f"{ADMIN_ROOT}/language", response_model=None)
    async def switch_language(request: Request) -> Response:
        """Anyone: a signed-in person's choice is kept on their account, others' in a cookie."""
        visit = kit.public(request)
        form = kit.form(request)
        chosen = form.get("lang")
        target = safe_next(form.get("next"))
        if chosen not in ("cy", "en"):
            return RedirectResponse(target, status_code=303)
        if visit.staff is None:
            response = RedirectResponse(target, status_code=303)
            kit.cookie(response, LANGUAGE_COOKIE, chosen)
            return response
        with kit.sessions() as session, session.begin():
            account = session.get(StaffAccount, visit.staff.id)
            if account is not None and account.ui_language != chosen:
                audit.record(
                    session,
                    actor=account.id,
                    action="interface_language_changed",
                    subject=account_subject(account.username),
                    before={"ui_language": account.ui_language},
                    after={"ui_language": chosen},
                )
                account.ui_language = chosen
        response = kit.redirect(visit, target, flash="language_changed")
        kit.cookie(response, LANGUAGE_COOKIE, chosen)
        return response

    password_labels = {
        "current_password": "current_password",
        "new_password": "new_password",
        "new_password_again": "new_password_again",
    }

    @api.get(f"{ADMIN_ROOT}/account/password", response_model=None)
    async def password_form(
        visit: Visit = self_service,
    ) -> Response:
        return kit.page(visit, "password.html", errors={}, labels=password_labels)

    @api.post(f"{ADMIN_ROOT}/account/password", response_model=None)
    async def change_password(
        request: Request,
        visit: Visit = self_service,
    ) -> Response:
        form = kit.form(request)
        current, new = form.get("current_password")[:1024], form.get("new_password")[:1024]
        errors: dict[str, str] = {}
        if not current:
            errors["current_password"] = "error_required"
        if not new:
            errors["new_password"] = "error_required"
        elif new != form.get("new_password_again"):
            errors["new_password_again"] = "error_password_mismatch"
        if not errors:
            problem = await asyncio.to_thread(
                _change_password, kit, visit.signed_in.id, current, new, visit.session_hash or ""
            )
            if problem is not None:
                field = (
                    "current_password" if problem == "error_current_password" else "new_password"
                )
                errors[field] = problem
        if errors:
            return kit.page(
                visit, "password.html", status=400, errors=errors, labels=password_labels
            )
        return kit.redirect(visit, ADMIN_ROOT, flash="password_changed")

    # The peer inbox used to live under /staff; old bookmarks still arrive.
    @api.get("/staff/login", response_model=None)
    async def old_login(request: Request) -> Response:
        query = request.url.query
        return RedirectResponse(f"{ADMIN_ROOT}/login" + (f"?{query}" if query else ""), 301)

    return api


def _change_password(kit: StaffKit, staff_id: int, current: str, new: str, keep: str) -> str | None:
    with kit.sessions() as session, session.begin():
        account = session.get(StaffAccount, staff_id)
        if account is None:
            return "error_current_password"
        return change_own_password(session, account, current, new, keep_session=keep)


def sign_in(kit: StaffKit, username: str, password: str, address: str) -> SignIn:
    """One sign-in attempt, throttled, audited, in one transaction."""
    now = now_utc()
    with kit.sessions() as session, session.begin():
        known = find_by_username(session, username) if len(username) <= 80 else None
        subject = account_subject(known.username) if known is not None else UNKNOWN_ACCOUNT
        wait = throttle.retry_after(session, username, address, kit.throttle_policy, now)
        if wait is not None:
            audit.record(session, actor=None, action="sign_in_throttled", subject=subject)
            log.info("staff sign-in throttled")
            return SignIn(retry_after=wait)
        account = authenticate(session, username, password)
        if account is None:
            throttle.record_failure(session, username, address, kit.throttle_policy, now)
            reason = (
                "unknown_username"
                if known is None
                else ("deactivated" if not known.active else "wrong_password")
            )
            audit.record(
                session, actor=None, action="sign_in_refused", subject=subject, reason=reason
            )
            log.info("staff sign-in refused")
            return SignIn()
        throttle.clear_account(session, username)
        opened = open_session(session, account, kit.session_policy, now)
        audit.record(session, actor=account.id, action="sign_in", subject=subject)
        log.info("staff signed in", extra={"event": f"staff:{account.id}"})
        return SignIn(
            token=opened.token,
            must_change_password=account.must_change_password,
            ui_language=account.ui_language,
        )
