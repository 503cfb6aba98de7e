"""What every staff screen is built from: sign-in state, permissions, CSRF, forms, pages.

A screen module (bot/web/staff_*.py) has `NAV` (its links, each behind a permission) and
`routes(kit) -> APIRouter`, and is listed in bot/web/staff_app.py. Inside it:

- `api = kit.router()` – every POST/PUT/PATCH/DELETE on it must carry the session's CSRF
  token (form field `csrf_token`, or header `X-CSRF-Token` for fetch), come from this site
  (Origin / Sec-Fetch-Site), and fit in `max_form_bytes`. Nothing else needs doing: a route
  added to this router is protected, and tests/web/test_staff_csrf.py finds it.
- `may_edit = kit.allow("crisis_lines.edit")`, then `visit: Visit = may_edit` in a route:
  signed in, and allowed by
  bot.staff.permissions.PERMISSIONS, or the person gets the sign-in page (303) or a 403
  page in their language. Never check a role name yourself.
- `form = kit.form(request)` – the parsed form (already read and size-checked); a
  multipart form (a file upload) carries its token as a field too, and its files are
  `kit.file(request, "name")`.
- `kit.page(visit, "template.html", values=..., errors=...)` – renders in the visit's
  language with the layout, navigation, CSRF token and any flash message;
  `kit.redirect(visit, "/admin/...", flash="saved")` – Post/Redirect/Get with a message.
- `raise NotFound()` / `raise BadForm()` – bilingual problem pages.

Templates get `t` (bot/web/staff_text: every word in both languages), `lang`, `staff`,
`nav`, `csrf_token`, and the macros in templates/macros.html.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
from collections.abc import AsyncGenerator, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request, WebSocket
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.orm import Session
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import HTTPConnection

from bot.settings import Settings
from bot.staff.permissions import allowed, roles_for
from bot.staff.sessions import SessionPolicy, find_session, set_flash
from bot.staff.throttle import ThrottlePolicy
from bot.store.models import StaffAccount, as_utc
from bot.web.staff_text import texts_for

log = logging.getLogger(__name__)

ADMIN_ROOT = "/admin"
COOKIE = "cymar_staff"
# Before sign-in there is no session to hold the CSRF token, so the sign-in form's token
# is also kept in this cookie (double submit); it is dropped once signed in.
PRE_SESSION_COOKIE = "cymar_staff_pre"
LANGUAGE_COOKIE = "cymar_staff_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
DEFAULT_MAX_FORM_BYTES = 64 * 1024
MAX_FORM_FIELDS = 500
TEMPLATES = Path(__file__).parent / "templates"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WALES = ZoneInfo("Europe/London")
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
# Notices a page may show from its address (?notice=...) – only these keys, never text.
PUBLIC_NOTICES = frozenset({"signed_out", "session_ended", "password_changed_sign_in"})


# -- who is asking ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffMember:
    """The signed-in account, copied out of its database session."""

    id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    languages: tuple[str, ...]
    ui_language: str
    organisation_slug: str | None
    must_change_password: bool
    on_duty: bool

    @classmethod
    def of(cls, account: StaffAccount) -> StaffMember:
        return cls(
            id=account.id,
            username=account.username,
            display_name=account.display_name,
            roles=tuple(account.roles or ()),
            languages=tuple(account.languages or ()),
            ui_language=account.ui_language,
            organisation_slug=account.organisation_slug,
            must_change_password=account.must_change_password,
            on_duty=account.on_duty,
        )

    def can(self, action: str) -> bool:
        return allowed(self.roles, action)


@dataclass
class Visit:
    """One request to the staff app: who (if anyone), in which language, with which token."""

    request: Request
    staff: StaffMember | None
    language: str
    csrf_token: str
    session_hash: str | None = None
    flash: dict[str, Any] | None = None
    # A cookie came with the request but its session had ended (idle, expired, revoked).
    session_ended: bool = False
    new_pre_session_token: str | None = None

    @property
    def signed_in(self) -> StaffMember:
        if self.staff is None:
            raise SignInNeeded()
        return self.staff

    def can(self, action: str) -> bool:
        return self.staff is not None and self.staff.can(action)


@dataclass(frozen=True)
class NavLink:
    """A screen on the dashboard and in the navigation, shown only to those allowed."""

    action: str
    path: str
    label: str  # staff_text key
    description: str  # staff_text key, for the dashboard

    def __post_init__(self) -> None:
        roles_for(self.action)  # an unknown permission fails at start-up, not at a click


# -- problems, each a bilingual page ---------------------------------------------------------


class StaffProblem(Exception):
    status = 400
    title = "problem_title"
    message = "problem_bad_request"


class SignInNeeded(StaffProblem):
    status = 303


class PasswordChangeNeeded(StaffProblem):
    status = 303


class Refused(StaffProblem):
    status = 403
    title = "refused_title"
    message = "refused_message"


class CsrfRefused(StaffProblem):
    status = 403
    title = "csrf_title"
    message = "csrf_message"


class FormTooLarge(StaffProblem):
    status = 413
    title = "problem_title"
    message = "problem_too_large"


class BadForm(StaffProblem):
    status = 400


class NotFound(StaffProblem):
    status = 404
    title = "not_found_title"
    message = "not_found_message"


# -- forms -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    """A parsed url-encoded form. Values are as typed; screens tidy and check them."""

    fields: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[0] if values else default

    def getlist(self, name: str) -> list[str]:
        return list(self.fields.get(name, ()))

    def has(self, name: str) -> bool:
        return name in self.fields

    def values(self, *names: str, secret: Sequence[str] = ()) -> dict[str, str]:
        """The named fields for re-showing the form (secret ones, e.g. passwords, left out)."""
        return {name: self.get(name) for name in names if name not in secret}


def parse_form(raw: bytes) -> Form:
    try:
        fields = parse_qs(
            raw.decode("ascii"),
            keep_blank_values=True,
            max_num_fields=MAX_FORM_FIELDS,
            encoding="utf-8",
            errors="strict",
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadForm() from exc
    return Form({name: [v.replace("\x00", "") for v in values] for name, values in fields.items()})


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FormTooLarge()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise FormTooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class UploadedFile:
    """A file sent with a form, read whole (within the router's size limit)."""

    filename: str
    content: bytes


async def parse_multipart(request: Request, limit: int) -> tuple[Form, dict[str, UploadedFile]]:
    raw = await read_body(request, limit)

    async def body() -> AsyncGenerator[bytes, None]:
        yield raw

    parser = MultiPartParser(
        request.headers, body(), max_files=4, max_fields=MAX_FORM_FIELDS, max_part_size=limit
    )
    try:
        parsed = await parser.parse()
    except (MultiPartException, ValueError) as exc:
        raise BadForm() from exc
    fields: dict[str, list[str]] = {}
    files: dict[str, UploadedFile] = {}
    for name, value in parsed.multi_items():
        if isinstance(value, str):
            fields.setdefault(name, []).append(value.replace("\x00", ""))
        else:
            files[name] = UploadedFile(value.filename or "", await value.read())
            await value.close()
    return Form(fields), files


def same_origin(request: Request | WebSocket) -> bool:
    """The request came from a page of this site (or the browser says nothing)."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")


def safe_next(raw: str | None, default: str = ADMIN_ROOT) -> str:
    """A place in the staff app to go back to; never another site."""
    if not raw or not raw.startswith(ADMIN_ROOT) or raw.startswith("//") or "\\" in raw:
        return default
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc:
        return default
    # The interface language is the person's choice; an old ?lang= must not override it.
    query = [(k, v) for k, vs in parse_qs(parts.query).items() if k != "lang" for v in vs]
    return parts.path + (f"?{urlencode(query)}" if query else "")


# -- the kit ---------------------------------------------------------------------------------


class Permission:
    """The dependency `kit.require(action)` returns; tests read `.action` off routes."""

    def __init__(self, kit: StaffKit, action: str, while_password_pending: bool) -> None:
        roles_for(action)
        self.kit = kit
        self.action = action
        self.while_password_pending = while_password_pending

    async def __call__(self, request: Request) -> Visit:
        visit = self.kit.visit(request)
        if visit.staff is None:
            raise SignInNeeded()
        if visit.staff.must_change_password and not self.while_password_pending:
            raise PasswordChangeNeeded()
        if not visit.staff.can(self.action):
            log.info(
                "staff action refused", extra={"event": f"staff:{visit.staff.id}:{self.action}"}
            )
            raise Refused()
        return visit


@dataclass(frozen=True)
class SocketVisit:
    staff: StaffMember | None
    allowed: bool


class SocketPermission(Permission):
    """`kit.allow_socket(action)`: the same table for a websocket, which cannot be sent to a
    page; the route closes with 4401 (sign in) or 4403 (not allowed) itself."""

    async def __call__(self, websocket: WebSocket) -> SocketVisit:  # type: ignore[override]
        staff, allowed = await asyncio.to_thread(self.kit.staff_for_socket, websocket, self.action)
        return SocketVisit(staff, allowed)


class StaffKit:
    def __init__(self, sessions: Callable[[], Session], settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings
        self.session_policy = SessionPolicy(
            idle=timedelta(minutes=settings.staff_session_idle_minutes),
            absolute=timedelta(hours=settings.staff_session_hours),
        )
        self.throttle_policy = ThrottlePolicy(
            per_account=settings.staff_login_max_failures,
            per_address=settings.staff_login_max_failures_per_address,
            window=timedelta(minutes=settings.staff_login_window_minutes),
        )
        self.nav: list[NavLink] = []
        self.templates = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            extensions=["jinja2.ext.do"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.filters["wales_time"] = wales_time

    # -- building screens

    def router(self, *, max_form_bytes: int = DEFAULT_MAX_FORM_BYTES) -> APIRouter:
        async def csrf_guard(connection: HTTPConnection) -> None:
            # Websockets on the router check their Origin themselves (no forms there).
            if isinstance(connection, Request):
                await self._check_csrf(connection, max_form_bytes)

        # HTML screens, not the public API: kept out of /api/openapi.json.
        return APIRouter(dependencies=[Depends(csrf_guard)], include_in_schema=False)

    def require(self, action: str, *, while_password_pending: bool = False) -> Permission:
        return Permission(self, action, while_password_pending)

    def allow(self, action: str, *, while_password_pending: bool = False) -> Any:
        """`visit: Visit = allowed` in a route, where `allowed = kit.allow("audit.view")`."""
        return Depends(self.require(action, while_password_pending=while_password_pending))

    def allow_socket(self, action: str) -> Any:
        return Depends(SocketPermission(self, action, while_password_pending=False))

    def public(self, request: Request) -> Visit:
        """For the few pages anyone may see (sign in): who is asking, if anyone."""
        return self.visit(request)

    @staticmethod
    def form(request: Request) -> Form:
        parsed = getattr(request.state, "staff_form", None)
        return parsed if isinstance(parsed, Form) else Form()

    @staticmethod
    def file(request: Request, name: str) -> UploadedFile | None:
        """A file sent with a multipart form (`<input type="file" name=...>`), if any."""
        files = getattr(request.state, "staff_files", None) or {}
        found = files.get(name)
        return found if isinstance(found, UploadedFile) else None

    # -- who is asking

    def visit(self, request: Request) -> Visit:
        cached = getattr(request.state, "staff_visit", None)
        if isinstance(cached, Visit):
            return cached
        token = request.cookies.get(COOKIE)
        staff: StaffMember | None = None
        csrf, hashed, flash = "", None, None
        if token:
            with self.sessions() as session, session.begin():
                found = find_session(session, token, self.session_policy)
                if found is not None:
                    staff = StaffMember.of(found.account)
                    csrf, hashed, flash = found.csrf_token, found.token_hash, found.flash
        visit = Visit(
            request=request,
            staff=staff,
            language=self._language(request, staff),
            csrf_token=csrf or request.cookies.get(PRE_SESSION_COOKIE, ""),
            session_hash=hashed,
            flash=flash,
            session_ended=bool(token) and staff is None,
        )
        request.state.staff_visit = visit
        return visit

    def staff_for_socket(
        self, websocket: WebSocket, action: str
    ) -> tuple[StaffMember | None, bool]:
        """(who, allowed) for a websocket, from the same cookie as the pages."""
        with self.sessions() as session, session.begin():
            found = find_session(session, websocket.cookies.get(COOKIE), self.session_policy)
            staff = StaffMember.of(found.account) if found else None
        return staff, staff is not None and not staff.must_change_password and staff.can(action)

    def still_allowed(self, token: str | None, action: str) -> bool:
        """For an open socket: the session is live (and kept so) and may still do `action`
        (an admin may have changed the account's roles since it connected)."""
        with self.sessions() as session, session.begin():
            found = find_session(session, token, self.session_policy)
            return found is not None and allowed(found.account.roles, action)

    @staticmethod
    def _language(request: Request, staff: StaffMember | None) -> str:
        asked = request.query_params.get("lang")
        if asked in ("cy", "en"):
            return asked
        if staff is not None:
            return staff.ui_language if staff.ui_language in ("cy", "en") else "cy"
        remembered = request.cookies.get(LANGUAGE_COOKIE)
        return remembered if remembered in ("cy", "en") else "cy"

    async def _check_csrf(self, request: Request, max_form_bytes: int) -> None:
        if request.method in SAFE_METHODS:
            return
        if not same_origin(request):
            raise CsrfRefused()
        visit = self.visit(request)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/x-www-form-urlencoded":
            form = parse_form(await read_body(request, max_form_bytes))
            request.state.staff_form = form
            sent = form.get(CSRF_FIELD)
        elif content_type == "multipart/form-data":
            # A plain HTML form with a file (the directory's CSV import): works without
            # JavaScript, so the token comes as a field here too.
            form, files = await parse_multipart(request, max_form_bytes)
            request.state.staff_form = form
            request.state.staff_files = files
            sent = form.get(CSRF_FIELD)
        else:
            # fetch() with a JSON or file body: the token travels in a header, and the
            # route reads (and limits) its own body.
            sent = request.headers.get(CSRF_HEADER, "")
        expected = visit.csrf_token.encode()
        if not expected or not hmac.compare_digest(sent.encode(), expected):
            if visit.session_ended and sent:
                # A form from a session that has since ended (idle, say): tell them that,
                # rather than "the form expired". (The sign-in form still works with a stale
                # cookie: its token is the pre-session one, which matches above.)
                raise SignInNeeded()
            log.info("staff form without a valid CSRF token refused")
            raise CsrfRefused()

    # -- answering

    def cookie(self, response: Response, name: str, value: str) -> None:
        response.set_cookie(
            name,
            value,
            httponly=True,
            samesite="strict",
            secure=self.settings.secure_cookies,
            path=ADMIN_ROOT,
        )

    def forget_cookie(self, response: Response, name: str) -> None:
        response.delete_cookie(
            name,
            path=ADMIN_ROOT,
            httponly=True,
            samesite="strict",
            secure=self.settings.secure_cookies,
        )

    def ensure_pre_session_token(self, visit: Visit) -> None:
        """Anonymous forms (sign in) need a token before there is a session."""
        if visit.staff is None and not visit.csrf_token:
            visit.csrf_token = visit.new_pre_session_token = secrets.token_urlsafe(32)

    def page(self, visit: Visit, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        if visit.staff is None:
            self.ensure_pre_session_token(visit)
        flash = self._take_flash(visit) if visit.request.method in SAFE_METHODS else None
        t = texts_for(visit.language)
        notice = visit.request.query_params.get("notice")
        html = self.templates.get_template(template).render(
            t=t,
            lang=visit.language,
            other_lang="en" if visit.language == "cy" else "cy",
            staff=visit.staff,
            nav=self.nav_for(visit.staff),
            csrf_token=visit.csrf_token,
            flash=_flash_text(t, flash),
            notice=t[f"notice_{notice}"] if notice in PUBLIC_NOTICES else None,
            path=visit.request.url.path,
            here=_here(visit.request),
            **context,
        )
        response = HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)
        if visit.new_pre_session_token:
            self.cookie(response, PRE_SESSION_COOKIE, visit.new_pre_session_token)
        return response

    def redirect(
        self, visit: Visit | None, path: str, flash: str | None = None, **values: Any
    ) -> RedirectResponse:
        if flash is not None and visit is not None and visit.session_hash is not None:
            with self.sessions() as session, session.begin():
                set_flash(session, visit.session_hash, {"key": flash, "values": values})
        return RedirectResponse(path, status_code=303)

    def nav_for(self, staff: StaffMember | None) -> list[NavLink]:
        if staff is None or staff.must_change_password:
            return []
        return [link for link in self.nav if staff.can(link.action)]

    def _take_flash(self, visit: Visit) -> dict[str, Any] | None:
        flash, visit.flash = visit.flash, None
        if flash is not None and visit.session_hash is not None:
            with self.sessions() as session, session.begin():
                set_flash(session, visit.session_hash, None)
        return flash

    def problem(self, request: Request, problem: StaffProblem) -> Response:
        visit = self.visit(request)
        if isinstance(problem, SignInNeeded):
            target = f"{ADMIN_ROOT}/login"
            # After signing in, back to the page (for a form sent, the page it was on).
            back = _here(request) if request.method in SAFE_METHODS else _came_from(request)
            query = {"next": back or ADMIN_ROOT}
            if visit.session_ended:
                query["notice"] = "session_ended"
            return RedirectResponse(f"{target}?{urlencode(query)}", status_code=303)
        if isinstance(problem, PasswordChangeNeeded):
            return RedirectResponse(f"{ADMIN_ROOT}/account/password", status_code=303)
        return self.page(
            visit,
            "problem.html",
            status=problem.status,
            title_key=problem.title,
            message_key=problem.message,
            back=_came_from(request)
            if isinstance(problem, (CsrfRefused, FormTooLarge, BadForm))
            else "",
        )


def wales_time(moment: datetime | None) -> str:
    """A stored (UTC) time as staff in Wales read it: "2026-11-30 14:05"."""
    if moment is None:
        return ""
    return as_utc(moment).astimezone(WALES).strftime("%Y-%m-%d %H:%M")


def _came_from(request: Request) -> str:
    """The staff page a form was sent from (Referer, same site only), to go back and retry."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc != request.headers.get("host"):
        return ""
    return safe_next(referer.path + (f"?{referer.query}" if referer.query else ""), "")


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def _flash_text(t: Mapping[str, str], flash: Mapping[str, Any] | None) -> str | None:
    if not flash or str(flash.get("key")) not in t:
        return None
    values = flash.get("values") or {}
    try:
        return t[str(flash["key"])].format(**values)
    except (KeyError, IndexError, ValueError):
        return t[str(flash["key"])]


def csv_download(content: Iterator[str] | str, filename: str) -> Response:
    """A CSV file to save, never shown in the page or kept by a cache (exports hold names
    and what people wrote)."""
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    media_type = "text/csv; charset=utf-8"
    if isinstance(content, str):
        return Response(content.encode("utf-8"), media_type=media_type, headers=headers)
    return StreamingResponse(content, media_type=media_type, headers=headers)
