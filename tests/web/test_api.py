"""The public conversation API: shapes, errors in the person's language, bad input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.content.catalogue import ResponseCatalogue
from bot.settings import Settings
from bot.web.app import create_app
from tests.fakes import FakeRasa


@pytest.fixture
def client(settings: Settings, catalogue: ResponseCatalogue) -> Iterator[TestClient]:
    fake = FakeRasa(catalogue, {"what can you do": ["utter_what_can_you_do"]})
    with TestClient(create_app(settings, fake.transport())) as test_client:
        yield test_client


def new_conversation(client: TestClient, language: str | None = None) -> str:
    body = {"language": language} if language else {}
    response = client.post("/api/conversations", json=body)
    assert response.status_code == 201
    return str(response.json()["conversation_id"])


def test_creating_a_conversation_returns_the_designed_shape(client: TestClient) -> None:
    response = client.post("/api/conversations")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"conversation_id", "language", "state", "messages", "conversation_token"}
    assert body["state"] == "bot" and body["language"] is None
    for message in body["messages"]:
        assert set(message) == {"text", "lang", "buttons", "cards", "from", "seq"}
    assert [m["lang"] for m in body["messages"]] == ["cy", "en"]


def test_sending_text_returns_replies_with_lang_and_buttons(client: TestClient) -> None:
    cid = new_conversation(client, "en")
    response = client.post(f"/api/conversations/{cid}/messages", json={"text": "what can you do"})
    assert response.status_code == 200
    body = response.json()
    assert body["conversation_id"] == cid and body["language"] == "en"
    assert body["messages"][0]["lang"] == "en"
    assert body["messages"][0]["buttons"][0].keys() == {"title", "payload"}


def test_sending_a_button_payload_works(client: TestClient) -> None:
    cid = new_conversation(client)
    response = client.post(
        f"/api/conversations/{cid}/messages", json={"payload": '/choose_language{"language": "cy"}'}
    )
    assert response.status_code == 200
    assert response.json()["language"] == "cy"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"{not json", 400, "invalid_request"),
        (b"[1, 2, 3]", 400, "invalid_request"),
        (b'{"text": 42}', 400, "invalid_request"),
        (b'{"text": "hi", "payload": "/greet"}', 400, "invalid_request"),
        (b"{}", 422, "empty_message"),
        (b'{"text": "   "}', 422, "empty_message"),
        (b'{"payload": "/no_such_intent"}', 422, "unknown_payload"),
        (b"\xff\xfe\x00binary", 400, "invalid_request"),
    ],
)
def test_bad_input_gets_a_json_error_in_welsh_for_a_welsh_conversation(
    client: TestClient, body: bytes, status: int, code: str
) -> None:
    cid = new_conversation(client, "cy")
    response = client.post(
        f"/api/conversations/{cid}/messages",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["lang"] == "cy"
    assert error["message"] and "Traceback" not in error["message"]


def test_a_huge_body_is_refused_politely(client: TestClient) -> None:
    cid = new_conversation(client, "en")
    response = client.post(f"/api/conversations/{cid}/messages", json={"text": "a" * 100_000})
    assert response.status_code == 413
    assert "2000" in response.json()["error"]["message"]


def test_an_unknown_conversation_is_a_404_in_both_languages(client: TestClient) -> None:
    response = client.post("/api/conversations/nope/messages", json={"text": "hello"})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "conversation_not_found" and error["lang"] is None
    assert "\n\n" in error["message"]  # Welsh, then English


def test_an_unknown_language_on_create_is_refused(client: TestClient) -> None:
    response = client.post("/api/conversations", json={"language": "fr"})
    assert response.status_code == 400


def test_history_can_be_read_back_after_a_reconnect(client: TestClient) -> None:
    cid = new_conversation(client, "en")
    client.post(f"/api/conversations/{cid}/messages", json={"text": "what can you do"})
    history = client.get(f"/api/conversations/{cid}").json()
    # The welcome, the person's own message and the answer, in order.
    assert [m["from"] for m in history["messages"]] == ["bot", "user", "bot"]
    assert [m["seq"] for m in history["messages"]] == [1, 2, 3]
    assert history["messages"][1]["text"] == "what can you do"
    later = client.get(f"/api/conversations/{cid}", params={"after_seq": 2}).json()
    assert [m["seq"] for m in later["messages"]] == [3]


def test_health_reports_each_part_and_is_503_when_one_is_down(client: TestClient) -> None:
    response = client.get("/api/health")
    body = response.json()
    assert set(body["checks"]) == {"router", "database", "rasa", "actions", "nlg"}
    assert body["checks"]["database"] is True and body["checks"]["rasa"] is True
    # No action server or NLG process runs in this unit test.
    assert response.status_code == 503 and body["status"] == "degraded"


def test_health_shows_when_too_many_turns_get_no_answer_in_time(
    settings: Settings, catalogue: ResponseCatalogue
) -> None:
    fake = FakeRasa(catalogue)
    with TestClient(create_app(settings, fake.transport())) as client:
        cid = new_conversation(client, "en")
        for _ in range(5):
            client.post(f"/api/conversations/{cid}/messages", json={"text": "hello there"})
        quiet = client.get("/api/health").json()["rasa_turns"]
        assert quiet["turns"] >= 5 and quiet["not_answered_in_time"] == 0
        assert quiet["alert"] is False
        fake.down = True
        for _ in range(6):  # several people: one conversation's rate limit is lower
            other = new_conversation(client, "cy")
            for _ in range(4):
                answer = client.post(f"/api/conversations/{other}/messages", json={"text": "helo"})
                assert answer.status_code == 200
        late = client.get("/api/health").json()["rasa_turns"]
    assert late["not_answered_in_time"] > 0.5 and late["alert"] is True


def test_the_api_publishes_an_openapi_description(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/conversations" in paths and "/api/health" in paths
