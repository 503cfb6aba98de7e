"""The peer supporters' screens: who may use the inbox, both languages, the inbox websocket
and contact requests."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from starlette.websockets import WebSocketDisconnect

from tests.web.staff_helpers import StaffBrowser, audit_actions, make_account

# The cookie is Secure, so the socket goes over wss (as it does behind HTTPS).
INBOX_SOCKET = "wss://testserver/admin/ws"


@pytest.fixture
def accounts(sessions: Callable[[], Session]) -> None:
    make_account(sessions, "sian", ["peer_supporter"], ui_language="cy")
    make_account(sessions, "cara", ["curator"], ["cy"], ui_language="en")


@pytest.mark.parametrize(("lang", "label"), [("cy", "Mewngofnodi"), ("en", "Sign in")])
def test_the_sign_in_page_is_in_the_chosen_language(
    staff_browser: StaffBrowser, lang: str, label: str
) -> None:
    page = staff_browser.get(f"/admin/login?lang={lang}")
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text and label in page.text
    assert '<label for="password">' in page.text


def test_old_inbox_addresses_lead_to_the_staff_app(staff_client: TestClient) -> None:
    for old, new in (
        ("/staff/login?lang=en", "/admin/login?lang=en"),
        ("/staff/inbox", "/admin/inbox"),
        ("/staff/callbacks", "/admin/callbacks"),
    ):
        moved = staff_client.get(old, follow_redirects=False)
        assert (moved.status_code, moved.headers["location"]) == (301, new)


def test_a_wrong_password_is_refused_with_a_message(
    staff_browser: StaffBrowser, accounts: None
) -> None:
    refused = staff_browser.sign_in("sian", "not the password")
    assert refused.status_code == 401
    assert "The username or password is not right" in refused.text
    assert 'value="sian"' in refused.text  # what they typed is kept, the password is not
    assert "not the password" not in refused.text
    assert "cymar_staff" not in refused.cookies


def test_the_inbox_needs_a_signed_in_peer_supporter(
    staff_browser: StaffBrowser, staff_client: TestClient, accounts: None
) -> None:
    first = staff_client.get("/admin/inbox", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/admin/login")
    assert staff_browser.sign_in("cara").status_code == 303
    refused = staff_client.get("/admin/inbox")  # an editor (was "curator"), not a supporter
    assert refused.status_code == 403 and "You cannot use this page" in refused.text
    staff_client.cookies.clear()
    assert staff_browser.sign_in("sian").status_code == 303
    inbox = staff_client.get("/admin/inbox?lang=cy")
    assert inbox.status_code == 200 and "Mewnflwch cymorth cymheiriaid" in inbox.text
    assert "default-src 'self'" in inbox.headers["content-security-policy"]


def test_the_inbox_socket_refuses_strangers_other_roles_and_other_sites(
    staff_browser: StaffBrowser, staff_client: TestClient, accounts: None
) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        staff_client.websocket_connect(INBOX_SOCKET),
    ):
        pass
    assert refused.value.code == 4401
    staff_browser.sign_in("cara")
    with pytest.raises(WebSocketDisconnect) as editor, staff_client.websocket_connect(INBOX_SOCKET):
        pass
    assert editor.value.code == 4403
    staff_client.cookies.clear()
    staff_browser.sign_in("sian")
    with (
        pytest.raises(WebSocketDisconnect) as foreign,
        staff_client.websocket_connect(INBOX_SOCKET, headers={"origin": "https://evil.example"}),
    ):
        pass
    assert foreign.value.code == 4403


def test_the_inbox_socket_answers_bad_frames_without_closing(
    staff_browser: StaffBrowser, staff_client: TestClient, accounts: None
) -> None:
    staff_browser.sign_in("sian")
    with staff_client.websocket_connect(INBOX_SOCKET) as ws:
        assert ws.receive_json()["type"] == "queue"
        ws.send_text("not json")
        assert ws.receive_json() == {"type": "error", "code": "invalid_json"}
        ws.send_json({"type": "claim", "request_id": "x"})
        assert ws.receive_json() == {"type": "error", "code": "invalid_request"}
        ws.send_json({"type": "teleport"})
        assert ws.receive_json() == {"type": "error", "code": "unknown_type"}
        ws.send_json({"type": "claim", "request_id": 999})
        assert ws.receive_json() == {"type": "claim_result", "request_id": 999, "won": False}
        ws.send_json({"type": "duty", "on": True})
        queue = ws.receive_json()
        assert queue["type"] == "queue" and queue["on_duty"] is True


def test_a_person_stream_for_an_unknown_conversation_closes(staff_client: TestClient) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        staff_client.websocket_connect("/api/conversations/nope/stream") as ws,
    ):
        ws.receive_json()
    assert closed.value.code == 4404


def test_callbacks_page_shows_details_to_supporters_and_forgets_them_when_done(
    staff_browser: StaffBrowser,
    staff_client: TestClient,
    sessions: Callable[[], Session],
    accounts: None,
) -> None:
    cid = staff_client.post("/api/conversations", json={"language": "en"}).json()["conversation_id"]
    staff_client.post(
        f"/api/conversations/{cid}/messages",
        json={"payload": '/request_callback{"method": "email"}'},
    )
    staff_client.post(f"/api/conversations/{cid}/messages", json={"text": "me@example.org"})
    staff_browser.sign_in("sian")
    page = staff_browser.get("/admin/callbacks?lang=en")
    assert "me@example.org" in page.text
    done = re.search(r'action="(/admin/callbacks/\d+/done)', page.text)
    assert done is not None
    staff_browser.post(done.group(1))
    assert "me@example.org" not in staff_browser.get("/admin/callbacks?lang=en").text
    assert "callback_done" in audit_actions(sessions)
