"""Helpers for testing staff screens over real HTTP with the real migrated database.

The app is reached at https://testserver so that the Secure session cookie behaves as in
production (httpx, like a browser, only sends Secure cookies over https).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff.accounts import create_account
from bot.staff.permissions import ROLES
from bot.staff.sessions import SessionPolicy, open_session
from bot.store.models import AuditEvent, StaffAccount
from bot.web.staff_kit import COOKIE

PASSWORD = "a long enough password"
BASE_URL = "https://testserver"
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


def make_account(
    sessions: Callable[[], Session],
    username: str,
    roles: Iterable[str] = ("admin",),
    languages: Iterable[str] = ("cy", "en"),
    ui_language: str = "en",
    password: str = PASSWORD,
) -> int:
    with sessions() as session, session.begin():
        account = create_account(
            session,
            username=username,
            display_name=username.title(),
            password=password,
            roles=list(roles),
            languages=list(languages),
            ui_language=ui_language,
        )
        return account.id


def everyone(sessions: Callable[[], Session], name: str = "all-roles") -> int:
    """An account with every role: anything it is refused is refused for a reason other
    than permission (the CSRF tests rely on that)."""
    return make_account(sessions, name, ROLES)


def csrf_of(response: Response) -> str:
    found = CSRF.search(response.text)
    assert found, f"no CSRF token on {response.url}"
    return found.group(1)


class StaffBrowser:
    """A TestClient that keeps the last page's CSRF token, like a browser keeps the page."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.token = ""

    def get(self, path: str, **kwargs: object) -> Response:
        response = self.client.get(path, **kwargs)  # type: ignore[arg-type]
        found = CSRF.search(response.text)
        if found:
            self.token = found.group(1)
        return response

    def post(self, path: str, data: dict[str, object] | None = None, **kwargs: object) -> Response:
        form = {"csrf_token": self.token, **(data or {})}
        response = self.client.post(path, data=form, **kwargs)  # type: ignore[arg-type]
        found = CSRF.search(response.text)
        if found:
            self.token = found.group(1)
        return response

    def sign_in(self, username: str, password: str = PASSWORD, lang: str = "en") -> Response:
        self.get(f"/admin/login?lang={lang}")
        return self.post(
            f"/admin/login?lang={lang}",
            {"username": username, "password": password},
            follow_redirects=False,
        )

    def use_session_of(
        self, sessions: Callable[[], Session], staff_id: int, policy: SessionPolicy | None = None
    ) -> None:
        """Signed in without typing a password (no argon2 cost): a real session row and cookie."""
        with sessions() as session, session.begin():
            account = session.get(StaffAccount, staff_id)
            assert account is not None
            opened = open_session(session, account, policy or SessionPolicy())
        self.client.cookies.set(COOKIE, opened.token, domain="testserver.local", path="/admin")
        self.token = opened.csrf_token


def audit_actions(sessions: Callable[[], Session], subject: str | None = None) -> list[str]:
    with sessions() as session:
        query = select(AuditEvent.action).order_by(AuditEvent.id)
        if subject is not None:
            query = query.where(AuditEvent.subject == subject)
        return list(session.scalars(query))


def last_audit(sessions: Callable[[], Session], action: str) -> AuditEvent:
    with sessions() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
        ).first()
        assert event is not None, f"no {action!r} in the audit log"
        session.expunge(event)
        return event
