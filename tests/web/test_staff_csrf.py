"""CSRF: every state-changing staff route refuses a request without the session's token,
with a wrong one, or from another site, and changes nothing.

The routes come from the app itself, so a new POST route that somehow skips the check
(a router not made by `kit.router()`) fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store.models import AuditEvent, CrisisLine, StaffAccount
from bot.web.staff_kit import COOKIE, DEFAULT_MAX_FORM_BYTES
from tests.web.staff_helpers import StaffBrowser, everyone, make_account
from tests.web.test_staff_permissions import flat_routes

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def unsafe_routes(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for route in flat_routes(app.routes):
        if isinstance(route, APIRoute) and route.path.startswith(("/admin", "/staff")):
            found.extend((method, route.path) for method in sorted(route.methods & UNSAFE))
    return found


def fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{([^}:]+)(:[^}]+)?\}", lambda m: values[m.group(1)], path)


def audit_count(sessions: Callable[[], Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count(AuditEvent.id))) or 0


@pytest.fixture
def signed_in(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> tuple[StaffBrowser, dict[str, str]]:
    staff_browser.use_session_of(sessions, everyone(sessions))
    target = make_account(sessions, "target", ["peer_supporter"])
    return staff_browser, {
        "account_id": str(target),
        "slug": "samaritans",
        "callback_id": "1",
        "key": "utter_peer_support/cost",
    }


def test_there_are_state_changing_staff_routes_to_check(staff_client: TestClient) -> None:
    routes = unsafe_routes(staff_client.app)  # type: ignore[arg-type]
    assert ("POST", "/admin/login") in routes and (
        "POST",
        "/admin/crisis-lines/{slug}/confirm",
    ) in routes
    assert len(routes) >= 12


@pytest.mark.parametrize(
    "forged",
    [
        {"data": {}},
        {"data": {"csrf_token": "not-the-token"}},
        {"data": {"csrf_token": ""}},
        {"headers": {"x-csrf-token": "not-the-token"}, "json": {}},
    ],
    ids=["missing", "wrong", "empty", "wrong header"],
)
def test_every_staff_post_without_the_right_token_is_refused_and_changes_nothing(
    signed_in: tuple[StaffBrowser, dict[str, str]],
    sessions: Callable[[], Session],
    forged: dict[str, object],
) -> None:
    browser, values = signed_in
    client = browser.client
    before = audit_count(sessions)
    for method, path in unsafe_routes(client.app):  # type: ignore[arg-type]
        response = client.request(method, fill(path, values), follow_redirects=False, **forged)  # type: ignore[arg-type]
        assert response.status_code == 403, (path, response.status_code)
        assert "This form has expired" in response.text, path
        assert "Nothing was changed" in response.text
    assert audit_count(sessions) == before
    with sessions() as session:
        assert session.get(StaffAccount, int(values["account_id"])).active  # type: ignore[union-attr]


def test_a_post_from_another_site_is_refused_even_with_the_token(
    signed_in: tuple[StaffBrowser, dict[str, str]], sessions: Callable[[], Session]
) -> None:
    browser, values = signed_in
    before = audit_count(sessions)
    for headers in ({"origin": "https://evil.example"}, {"sec-fetch-site": "cross-site"}):
        for method, path in unsafe_routes(browser.client.app):  # type: ignore[arg-type]
            response = browser.client.request(
                method,
                fill(path, values),
                data={"csrf_token": browser.token},
                headers=headers,
                follow_redirects=False,
            )
            assert response.status_code == 403, (path, headers)
    assert audit_count(sessions) == before


def test_the_sign_in_form_needs_its_own_token_too(
    staff_client: TestClient, sessions: Callable[[], Session]
) -> None:
    make_account(sessions, "sian", ["peer_supporter"])
    password = "a long enough password"
    refused = staff_client.post("/admin/login", data={"username": "sian", "password": password})
    assert refused.status_code == 403 and COOKIE not in refused.cookies
    browser = StaffBrowser(staff_client)
    assert browser.sign_in("sian").status_code == 303


def test_the_right_token_in_a_header_works_for_fetch(
    signed_in: tuple[StaffBrowser, dict[str, str]], sessions: Callable[[], Session]
) -> None:
    browser, _values = signed_in
    response = browser.client.post(
        "/admin/language",
        json={"lang": "cy"},
        headers={"x-csrf-token": browser.token},
        follow_redirects=False,
    )
    assert response.status_code == 303  # past the guard (the JSON body is not a form)


def test_a_form_too_large_is_refused_with_a_message_before_anything_happens(
    signed_in: tuple[StaffBrowser, dict[str, str]], sessions: Callable[[], Session]
) -> None:
    browser, _values = signed_in
    huge = "x" * (DEFAULT_MAX_FORM_BYTES + 1)
    response = browser.post("/admin/crisis-lines/samaritans/edit", {"name_en": huge})
    assert response.status_code == 413 and "too much to send at once" in response.text
    with sessions() as session:
        assert session.get(CrisisLine, "samaritans").name_en == "Samaritans"  # type: ignore[union-attr]


def test_a_route_added_to_a_staff_router_is_protected_without_doing_anything(
    staff_client: TestClient, sessions: Callable[[], Session]
) -> None:
    kit = staff_client.app.state.staff_kit  # type: ignore[attr-defined]
    api = kit.router()
    calls: list[str] = []

    @api.post("/admin/new-screen")
    async def new_screen() -> dict[str, str]:
        calls.append("ran")
        return {}

    app = FastAPI()
    app.include_router(api)
    from bot.web.staff_kit import StaffProblem

    app.add_exception_handler(StaffProblem, lambda request, exc: kit.problem(request, exc))  # type: ignore[arg-type]
    with TestClient(app, base_url="https://testserver") as client:
        assert client.post("/admin/new-screen", data={"x": "1"}).status_code == 403
    assert calls == []
