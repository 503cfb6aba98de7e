"""The public surface: deleting a conversation, origins and CORS, size limits, rate limits
and security headers, through the real app (in-process) and a real migrated database."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.websockets import WebSocketDisconnect

from bot.content.catalogue import ResponseCatalogue
from bot.settings import Settings
from bot.store.models import AuditEvent, Conversation, Message, UsageDaily
from bot.web.app import create_app
from tests.fakes import FakeRasa

HOST_SITE = "https://www.example-health.wales"
OTHER_SITE = "https://evil.example"


def make_client(
    settings: Settings,
    catalogue: ResponseCatalogue,
    base_url: str = "http://testserver",
    **env: object,
) -> TestClient:
    fake = FakeRasa(catalogue, {"what can you do": ["utter_what_can_you_do"]})
    app = create_app(settings.model_copy(update=env), fake.transport())
    return TestClient(app, base_url=base_url)


@pytest.fixture
def client(settings: Settings, catalogue: ResponseCatalogue) -> Iterator[TestClient]:
    with make_client(settings, catalogue, widget_allowed_origins=HOST_SITE) as test_client:
        yield test_client


def start(client: TestClient, language: str | None = "en", **headers: str) -> tuple[str, str]:
    body = {"language": language} if language else {}
    response = client.post("/api/conversations", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["conversation_id"], response.json()["conversation_token"]


# -- deleting a conversation -------------------------------------------------------------


def test_only_the_holder_can_delete_and_deleting_again_is_harmless(
    client: TestClient, sessions: Callable[[], Session]
) -> None:
    cid, token = start(client, "cy")
    assert (
        client.post(f"/api/conversations/{cid}/messages", json={"text": "helo"}).status_code == 200
    )
    other, _ = start(client)

    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": token}):
        refused = client.delete(f"/api/conversations/{cid}", headers=headers)
        assert refused.status_code == 403
        error = refused.json()["error"]
        # In the conversation's language, with the retention period from the settings.
        assert error["code"] == "not_holder" and error["lang"] == "cy"
        assert "30 diwrnod" in error["message"]
    assert client.get(f"/api/conversations/{cid}").status_code == 200

    bearer = {"Authorization": f"Bearer {token}"}
    assert client.delete(f"/api/conversations/{cid}", headers=bearer).status_code == 204
    assert client.get(f"/api/conversations/{cid}").status_code == 404
    # Idempotent: it stays erased; a repeat says there is nothing left, as for an unknown id.
    again = client.delete(f"/api/conversations/{cid}", headers=bearer)
    assert again.status_code == 404 and again.json()["error"]["code"] == "conversation_not_found"
    assert client.delete("/api/conversations/0123abcd", headers=bearer).status_code == 404
    with sessions() as session:
        assert session.scalars(select(Message).where(Message.conversation_id == cid)).all() == []
        assert session.get(Conversation, other) is not None
        day = session.scalars(select(UsageDaily)).one()
        assert (day.channel, day.language, day.conversations, day.erased_on_request) == (
            "web",
            "cy",
            1,
            1,
        )
        assert day.messages_from_people == 1
        actions = session.scalars(select(AuditEvent.action)).all()
        assert actions.count("conversation_forgotten") == 1


def test_a_telegram_conversation_cannot_be_deleted_through_the_api(
    client: TestClient, sessions: Callable[[], Session]
) -> None:
    with sessions() as session, session.begin():
        session.add(Conversation(id="a" * 32, channel="telegram", language="en"))
    response = client.delete(
        f"/api/conversations/{'a' * 32}", headers={"Authorization": "Bearer x"}
    )
    assert response.status_code == 403
    assert response.json()["error"]["lang"] == "en"


# -- origins: the widget's host sites, and everyone else ---------------------------------


def test_an_allowed_site_gets_cors_and_another_site_is_refused(client: TestClient) -> None:
    cid, token = start(client, Origin=HOST_SITE)
    ok = client.get(f"/api/conversations/{cid}", headers={"Origin": HOST_SITE})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == HOST_SITE
    preflight = client.options(
        f"/api/conversations/{cid}",
        headers={
            "Origin": HOST_SITE,
            "Access-Control-Request-Method": "DELETE",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert preflight.status_code == 200
    assert "DELETE" in preflight.headers["access-control-allow-methods"]

    for method, path in (
        ("POST", "/api/conversations"),
        ("GET", f"/api/conversations/{cid}"),
        ("POST", f"/api/conversations/{cid}/messages"),
        ("DELETE", f"/api/conversations/{cid}"),
    ):
        refused = client.request(method, path, json={"text": "hi"}, headers={"Origin": OTHER_SITE})
        assert refused.status_code == 403, path
        assert refused.json()["error"]["code"] == "origin_not_allowed"
        assert "access-control-allow-origin" not in refused.headers
    # Nothing was done for the other site: the conversation is still there.
    assert client.get(f"/api/conversations/{cid}").json()["messages"]
    # A page of our own is always allowed; so is a client that is not a browser.
    assert client.get(
        f"/api/conversations/{cid}", headers={"Origin": "http://testserver"}
    ).is_success
    assert (
        client.delete(
            f"/api/conversations/{cid}", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 204
    )


def test_the_staff_screens_accept_only_their_own_origin(client: TestClient) -> None:
    for origin in (HOST_SITE, OTHER_SITE, "null"):
        response = client.post(
            "/admin/login", data={"username": "x", "password": "y"}, headers={"Origin": origin}
        )
        assert response.status_code == 403
        assert 'lang="en"' in response.text and "Dydy'r" in response.text


def test_the_stream_refuses_a_socket_from_another_site(client: TestClient) -> None:
    cid, _ = start(client)
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        client.websocket_connect(
            f"/api/conversations/{cid}/stream", headers={"Origin": OTHER_SITE}
        ),
    ):
        pass
    assert refused.value.code == 4403
    for origin in (HOST_SITE, "http://testserver"):
        with client.websocket_connect(
            f"/api/conversations/{cid}/stream", headers={"Origin": origin}
        ) as socket:
            assert socket.receive_json()["type"] == "message"


def test_the_chat_page_may_be_framed_only_by_the_allowed_sites(
    settings: Settings, catalogue: ResponseCatalogue
) -> None:
    with make_client(
        settings, catalogue, widget_allowed_origins=f"{HOST_SITE}, https://b.example/"
    ) as c:
        csp = c.get("/chat").headers["content-security-policy"]
        assert f"frame-ancestors 'self' https://b.example {HOST_SITE}" in csp
        assert "x-frame-options" not in c.get("/chat").headers
    with make_client(settings, catalogue, widget_allowed_origins="*") as c:
        assert "frame-ancestors *" in c.get("/chat").headers["content-security-policy"]
        assert (
            c.get("/api/health", headers={"Origin": OTHER_SITE}).headers[
                "access-control-allow-origin"
            ]
            == "*"
        )


# -- size limits ---------------------------------------------------------------------------


def chunks(size: int) -> Iterator[bytes]:
    # No Content-Length: the limit must hold for a streamed body too.
    sent = 0
    while sent < size:
        yield b"x" * 8192
        sent += 8192


def test_bodies_over_the_limit_are_refused_in_the_persons_language(client: TestClient) -> None:
    cid, _ = start(client, "cy")
    streamed = client.post(f"/api/conversations/{cid}/messages", content=chunks(200_000))
    assert streamed.status_code == 413
    assert streamed.json()["error"]["lang"] == "cy"
    assert "2000" in streamed.json()["error"]["message"]
    declared = client.post(
        "/api/conversations",
        content=b"{}" + b" " * 70_000,
        headers={"content-type": "application/json"},
    )
    assert declared.status_code == 413
    assert declared.json()["error"]["code"] == "request_too_large"
    form = client.post("/admin/login", data={"username": "x" * 100_000, "password": "y"})
    assert form.status_code == 413
    # The limit did not cost the conversation anything.
    assert (
        client.post(f"/api/conversations/{cid}/messages", json={"text": "helo"}).status_code == 200
    )


# -- rate limits ---------------------------------------------------------------------------


def test_a_fast_conversation_is_held_back_politely_but_never_a_message_showing_risk(
    settings: Settings, catalogue: ResponseCatalogue
) -> None:
    with make_client(
        settings,
        catalogue,
        rate_limit_conversation_burst=2,
        rate_limit_conversation_per_minute=1,
    ) as c:
        cid, _ = start(c, "cy")
        url = f"/api/conversations/{cid}/messages"
        assert c.post(url, json={"text": "helo"}).status_code == 200
        assert c.post(url, json={"text": "helo eto"}).status_code == 200
        held = c.post(url, json={"text": "a thrydydd"})
        assert held.status_code == 429
        assert 1 <= int(held.headers["retry-after"]) <= 60
        error = held.json()["error"]
        assert error["code"] == "rate_limited" and error["lang"] == "cy"
        assert "Arhoswch" in error["message"]
        crisis = c.post(url, json={"text": "dw i eisiau lladd fy hun"})
        assert crisis.status_code == 200
        assert any("116 123" in m["text"] for m in crisis.json()["messages"])
        # Another conversation has its own budget.
        other, _ = start(c, "en")
        assert (
            c.post(f"/api/conversations/{other}/messages", json={"text": "hi"}).status_code == 200
        )


def test_one_address_starting_many_conversations_is_held_back_but_help_always_loads(
    settings: Settings, catalogue: ResponseCatalogue
) -> None:
    with make_client(
        settings, catalogue, rate_limit_client_burst=3, rate_limit_client_per_minute=1
    ) as c:
        for _ in range(3):
            start(c)
        held = c.post("/api/conversations", json={})
        assert held.status_code == 429 and "retry-after" in held.headers
        # Unknown language: Welsh, then English.
        assert "\n\n" in held.json()["error"]["message"]
        for _ in range(5):
            assert c.get("/api/crisis-lines?language=en").status_code == 200


# -- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/api/health", "/api/conversations/nope", "/chat", "/admin/login", "/widget.js", "/nowhere"],
)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in ("same-origin", "no-referrer")
    assert "frame-ancestors" in headers["content-security-policy"]
    assert "camera=()" in headers["permissions-policy"]
    assert "strict-transport-security" not in headers  # plain http: browsers ignore it
    if path != "/chat":
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
    if path.startswith("/api/"):
        assert headers["cache-control"] == "no-store"


def test_hsts_over_https(settings: Settings, catalogue: ResponseCatalogue) -> None:
    with make_client(settings, catalogue, base_url="https://testserver") as c:
        assert "max-age=" in c.get("/api/health").headers["strict-transport-security"]


def test_this_machine_is_not_limited_per_address() -> None:
    # Behind a proxy that does not pass the client's address, everyone would share one.
    from bot.web.security import per_address_limit_applies

    assert not per_address_limit_applies("127.0.0.1")
    assert not per_address_limit_applies("::1")
    assert per_address_limit_applies("203.0.113.9")
    assert per_address_limit_applies("testclient")
