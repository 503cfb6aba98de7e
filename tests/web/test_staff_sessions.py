"""Staff sessions: the cookie's flags, idle and absolute expiry, signing out, and sessions
ended by an admin (deactivation, password reset), for pages and for the inbox socket.

Time passing is made by moving the stored session's clocks back in the real database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from starlette.websockets import WebSocketDisconnect

from bot.content.catalogue import ResponseCatalogue
from bot.settings import Settings
from bot.staff.sessions import token_hash
from bot.store.models import StaffAccount, StaffSession, as_utc
from bot.web.app import create_app
from bot.web.staff_kit import COOKIE
from tests.fakes import FakeRasa
from tests.web.staff_helpers import BASE_URL, StaffBrowser, audit_actions, make_account

SOCKET = "wss://testserver/admin/ws"


def session_cookie(browser: StaffBrowser) -> str:
    token = browser.client.cookies.get(COOKIE)
    assert token
    return token


def move_clocks(sessions: Callable[[], Session], token: str, **back: timedelta) -> None:
    """Pretend time has passed: move the session's stored times into the past."""
    with sessions() as session, session.begin():
        row = session.get(StaffSession, token_hash(token))
        assert row is not None
        for column, delta in back.items():
            setattr(row, column, as_utc(getattr(row, column)) - delta)


def is_signed_in(browser: StaffBrowser) -> bool:
    response = browser.get("/admin", follow_redirects=False)
    return response.status_code == 200


@pytest.fixture
def sian(sessions: Callable[[], Session]) -> int:
    return make_account(sessions, "sian", ["peer_supporter"])


def test_the_session_cookie_is_secure_httponly_strict_and_only_for_the_staff_app(
    staff_browser: StaffBrowser, sian: int
) -> None:
    response = staff_browser.sign_in("sian")
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(f"{COOKIE}="))
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=strict", "path=/admin"} <= flags
    # No expiry date: the browser forgets it when closed (a shared office computer).
    assert not any(f.startswith(("expires", "max-age")) for f in flags)


def test_secure_cookies_can_be_turned_off_for_plain_http_development(
    settings: Settings, catalogue: ResponseCatalogue, sian: int
) -> None:
    plain = settings.model_copy(update={"secure_cookies": False})
    with TestClient(create_app(plain, FakeRasa(catalogue).transport())) as client:
        response = StaffBrowser(client).sign_in("sian")
        assert response.status_code == 303
        assert "secure" not in response.headers["set-cookie"].lower()
        assert client.get("/admin").status_code == 200  # over http://


def test_a_session_ends_after_the_idle_time_and_says_so(
    staff_browser: StaffBrowser, sessions: Callable[[], Session], sian: int
) -> None:
    staff_browser.sign_in("sian")
    token = session_cookie(staff_browser)
    move_clocks(sessions, token, last_seen_at=timedelta(minutes=29))
    assert is_signed_in(staff_browser)  # and that request counts as activity
    move_clocks(sessions, token, last_seen_at=timedelta(minutes=29))
    assert is_signed_in(staff_browser)
    move_clocks(sessions, token, last_seen_at=timedelta(minutes=31))
    ended = staff_browser.get("/admin/inbox", follow_redirects=False)
    assert ended.status_code == 303
    assert ended.headers["location"] == "/admin/login?next=%2Fadmin%2Finbox&notice=session_ended"
    page = staff_browser.get(ended.headers["location"])
    assert "Your session ended" in page.text
    with sessions() as session:
        assert session.get(StaffSession, token_hash(token)) is None


def test_a_session_ends_at_its_absolute_limit_however_active(
    staff_browser: StaffBrowser, sessions: Callable[[], Session], sian: int
) -> None:
    staff_browser.sign_in("sian")
    token = session_cookie(staff_browser)
    move_clocks(sessions, token, expires_at=timedelta(hours=11, minutes=59))
    assert is_signed_in(staff_browser)
    move_clocks(sessions, token, expires_at=timedelta(minutes=2))
    assert not is_signed_in(staff_browser)


def test_signing_out_ends_the_session_even_for_a_copied_cookie(
    staff_browser: StaffBrowser, sessions: Callable[[], Session], sian: int
) -> None:
    staff_browser.sign_in("sian")
    token = session_cookie(staff_browser)
    staff_browser.get("/admin")
    out = staff_browser.post("/admin/logout", follow_redirects=False)
    assert out.headers["location"] == "/admin/login?notice=signed_out"
    assert staff_browser.get(out.headers["location"]).text.count("You have signed out") == 1
    staff_browser.client.cookies.set(COOKIE, token, domain="testserver.local", path="/admin")
    assert not is_signed_in(staff_browser)
    assert audit_actions(sessions, "staff:sian")[-2:] == ["sign_in", "sign_out"]


def test_a_new_session_is_made_at_every_sign_in(
    staff_browser: StaffBrowser, sessions: Callable[[], Session], sian: int
) -> None:
    staff_browser.client.cookies.set(
        COOKIE, "planted-by-someone", domain="testserver.local", path="/admin"
    )
    staff_browser.sign_in("sian")
    assert session_cookie(staff_browser) != "planted-by-someone"
    staff_browser.sign_in("sian")
    with sessions() as session:
        assert (
            len(session.scalars(select(StaffSession).where(StaffSession.staff_id == sian)).all())
            == 2
        )


@pytest.mark.parametrize("action", ["deactivate", "reset-password"])
def test_an_admin_deactivating_or_resetting_an_account_signs_it_out_everywhere(
    staff_client: TestClient,
    settings: Settings,
    catalogue: ResponseCatalogue,
    sessions: Callable[[], Session],
    sian: int,
    action: str,
) -> None:
    make_account(sessions, "ffion", ["admin"])
    supporter = StaffBrowser(staff_client)
    supporter.sign_in("sian")
    assert is_signed_in(supporter)
    with TestClient(
        create_app(settings, FakeRasa(catalogue).transport()), base_url=BASE_URL
    ) as other:
        admin = StaffBrowser(other)
        admin.sign_in("ffion")
        admin.get(f"/admin/accounts/{sian}/{action}")
        assert admin.post(f"/admin/accounts/{sian}/{action}").status_code in (200, 303)
    assert not is_signed_in(supporter)


@pytest.fixture
def quick_beat_client(settings: Settings, catalogue: ResponseCatalogue) -> Iterator[TestClient]:
    # The inbox checks its session at each heartbeat (a third of the presence window).
    quick = settings.model_copy(update={"peer_presence_seconds": 0.6})
    with TestClient(
        create_app(quick, FakeRasa(catalogue).transport()), base_url=BASE_URL
    ) as client:
        yield client


def closes_within(ws: object, seconds: float) -> int | None:
    """The close code if the server closes the socket in time, else None."""
    codes: list[int] = []

    def wait() -> None:
        try:
            while True:
                ws.receive_json()  # type: ignore[attr-defined]
        except WebSocketDisconnect as closed:
            codes.append(closed.code)

    reader = threading.Thread(target=wait, daemon=True)
    reader.start()
    reader.join(seconds)
    return codes[0] if codes else None


def test_an_open_inbox_keeps_its_session_alive_and_closes_when_it_ends(
    quick_beat_client: TestClient, sessions: Callable[[], Session], sian: int
) -> None:
    browser = StaffBrowser(quick_beat_client)
    browser.sign_in("sian")
    token = session_cookie(browser)
    with quick_beat_client.websocket_connect(SOCKET) as ws:
        assert ws.receive_json()["type"] == "queue"
        move_clocks(sessions, token, last_seen_at=timedelta(minutes=29))
        deadline = datetime.now(timezone.utc) + timedelta(seconds=10)
        while datetime.now(timezone.utc) < deadline:
            with sessions() as session:
                row = session.get(StaffSession, token_hash(token))
                assert row is not None
                if as_utc(row.last_seen_at) > datetime.now(timezone.utc) - timedelta(minutes=1):
                    break
        else:
            pytest.fail("the open inbox did not keep its session alive")
        with sessions() as session, session.begin():
            session.execute(
                update(StaffSession)
                .where(StaffSession.token_hash == token_hash(token))
                .values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1))
            )
        assert closes_within(ws, 10) == 4401


def test_a_form_sent_after_the_session_ended_leads_to_sign_in_and_back_to_the_page(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    make_account(sessions, "ffion", ["admin"])
    staff_browser.sign_in("ffion")
    staff_browser.get("/admin/crisis-lines/shout/edit")
    move_clocks(sessions, session_cookie(staff_browser), last_seen_at=timedelta(hours=1))
    sent = staff_browser.post(
        "/admin/crisis-lines/shout/edit",
        {"when_en": "typed"},
        headers={"referer": "https://testserver/admin/crisis-lines/shout/edit"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == (
        "/admin/login?next=%2Fadmin%2Fcrisis-lines%2Fshout%2Fedit&notice=session_ended"
    )


def test_an_open_inbox_closes_when_its_owner_stops_being_a_peer_supporter(
    quick_beat_client: TestClient, sessions: Callable[[], Session], sian: int
) -> None:
    browser = StaffBrowser(quick_beat_client)
    browser.sign_in("sian")
    with quick_beat_client.websocket_connect(SOCKET) as ws:
        assert ws.receive_json()["type"] == "queue"
        with sessions() as session, session.begin():
            session.execute(
                update(StaffAccount).where(StaffAccount.id == sian).values(roles=["editor"])
            )
        assert closes_within(ws, 10) == 4401
