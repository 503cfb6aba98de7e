"""Staff screens: sign-in, who may use the inbox, both languages, and the inbox websocket."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.settings import Settings
from bot.staff.accounts import create_account
from bot.web.app import create_app
from bot.web.staff_text import TEXT
from tests.fakes import FakeRasa

PASSWORD = "a long enough password"


@pytest.fixture
def client(settings: Settings, catalogue: ResponseCatalogue) -> Iterator[TestClient]:
    with TestClient(create_app(settings, FakeRasa(catalogue).transport())) as test_client:
        yield test_client


@pytest.fixture
def accounts(sessions: Callable[[], Session]) -> None:
    with sessions() as session, session.begin():
        create_account(
            session, username="sian", display_name="Sian", password=PASSWORD,
            roles=["peer_supporter"], languages=["cy", "en"],
        )  # fmt: skip
        create_account(
            session, username="cara", display_name="Cara", password=PASSWORD,
            roles=["curator"], languages=["cy"], ui_language="en",
        )  # fmt: skip


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> int:
    response = client.post(
        "/staff/login", data={"username": username, "password": password}, follow_redirects=False
    )
    return response.status_code


def test_every_staff_word_exists_in_welsh_and_english() -> None:
    for key, both in TEXT.items():
        assert set(both) == {"cy", "en"}, key
        assert both["cy"].strip() and both["en"].strip(), key


@pytest.mark.parametrize(("lang", "label"), [("cy", "Mewngofnodi"), ("en", "Sign in")])
def test_the_sign_in_page_is_in_the_chosen_language(
    client: TestClient, lang: str, label: str
) -> None:
    page = client.get(f"/staff/login?lang={lang}")
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text and label in page.text
    assert '<label for="password">' in page.text


def test_a_wrong_password_is_refused_with_a_message(client: TestClient, accounts: None) -> None:
    assert sign_in(client, "sian", "not the password") == 401
    page = client.post("/staff/login?lang=en", data={"username": "sian", "password": "nope"})
    assert "The username or password is not right" in page.text
    assert "cymar_staff" not in page.cookies


def test_the_inbox_needs_a_signed_in_peer_supporter(client: TestClient, accounts: None) -> None:
    assert client.get("/staff/inbox", follow_redirects=False).status_code == 303
    assert sign_in(client, "cara") == 303
    assert client.get("/staff/inbox").status_code == 403  # a curator, not a supporter
    client.cookies.clear()
    assert sign_in(client, "sian") == 303
    inbox = client.get("/staff/inbox?lang=cy")
    assert inbox.status_code == 200 and "Mewnflwch cymorth cymheiriaid" in inbox.text
    assert "default-src 'self'" in inbox.headers["content-security-policy"]


def test_signing_out_ends_the_session(client: TestClient, accounts: None) -> None:
    sign_in(client, "sian")
    token = client.cookies.get("cymar_staff")
    client.post("/staff/logout")
    client.cookies.set("cymar_staff", token or "", path="/staff")
    assert client.get("/staff/inbox", follow_redirects=False).status_code == 303


def test_the_inbox_socket_refuses_strangers_and_other_sites(
    client: TestClient, accounts: None
) -> None:
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect("/staff/ws"):
        pass
    assert refused.value.code == 4401
    sign_in(client, "sian")
    with (
        pytest.raises(WebSocketDisconnect) as foreign,
        client.websocket_connect("/staff/ws", headers={"origin": "https://evil.example"}),
    ):
        pass
    assert foreign.value.code == 4403


def test_the_inbox_socket_answers_bad_frames_without_closing(
    client: TestClient, accounts: None
) -> None:
    sign_in(client, "sian")
    with client.websocket_connect("/staff/ws") as ws:
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


def test_a_person_stream_for_an_unknown_conversation_closes(client: TestClient) -> None:
    from starlette.websockets import WebSocketDisconnect

    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect("/api/conversations/nope/stream") as ws,
    ):
        ws.receive_json()
    assert closed.value.code == 4404


def test_callbacks_page_shows_details_to_supporters_and_forgets_them_when_done(
    client: TestClient, accounts: None
) -> None:
    cid = client.post("/api/conversations", json={"language": "en"}).json()["conversation_id"]
    client.post(
        f"/api/conversations/{cid}/messages",
        json={"payload": '/request_callback{"method": "email"}'},
    )
    client.post(f"/api/conversations/{cid}/messages", json={"text": "me@example.org"})
    sign_in(client, "sian")
    page = client.get("/staff/callbacks?lang=en")
    assert "me@example.org" in page.text
    done = re.search(r'action="(/staff/callbacks/\d+/done)', page.text)
    assert done is not None
    client.post(done.group(1))
    assert "me@example.org" not in client.get("/staff/callbacks?lang=en").text
