"""PostgreSQL refusing connections for a few seconds, with a real server that really stops.

A throwaway cluster of its own (bot/ops/throwaway_postgres.py: initdb and pg_ctl on a free
port), never the machine's shared PostgreSQL. A web process of its own stores its
conversations there and shares the fault stack's Rasa, actions and NLG.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.ops.stack import ServiceStack, prepare_database
from bot.ops.throwaway_postgres import ThrowawayPostgres, start_throwaway_postgres
from tests.e2e.test_conversations import Person, family_texts
from tests.e2e.test_faults import send, user_texts

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def postgres() -> Iterator[ThrowawayPostgres]:
    try:
        cluster = start_throwaway_postgres()
    except LookupError as exc:
        pytest.skip(f"cannot start a throwaway PostgreSQL: {exc} (apt-get install postgresql)")
    yield cluster
    cluster.destroy()


@pytest.fixture
def web_on_postgres(
    faults_stack: ServiceStack, postgres: ThrowawayPostgres, tmp_path: Path
) -> Iterator[ServiceStack]:
    url = postgres.create_database(f"cymar_faults_{uuid.uuid4().hex[:8]}")
    prepare_database(url, directory=False)
    web = faults_stack.another_web(tmp_path, {"DATABASE_URL": url})
    yield web
    web.stop()


def test_postgres_refusing_connections_is_honest_and_nothing_is_lost(
    web_on_postgres: ServiceStack, postgres: ThrowawayPostgres
) -> None:
    person = Person(web_on_postgres, "cy")
    assert person.say("beth yw cymorth cymheiriaid?")["language"] == "cy"
    asked = {"text": "beth ydy coleg adfer?", "client_message_id": "pg-1"}
    at_risk = {"text": "dw i isio lladd fy hun", "client_message_id": "pg-2"}
    postgres.stop()
    try:
        # A few seconds of the widget trying again, with the same ids, while it is down.
        down_until = time.monotonic() + 3
        while time.monotonic() < down_until:
            for body in (asked, at_risk):
                refused, _ = send(person, body)
                assert refused.status_code == 503
                error = refused.json()["error"]
                # Nothing can be read, not even the conversation's language: both, Welsh first.
                assert error["code"] == "storage_unavailable" and error["lang"] is None
                welsh, english = error["message"].split("\n\n")[:2]
                # The crisis numbers come from the packaged lines, not the database.
                assert "999" in welsh and "116 123" in welsh and "116 123" in english
        assert person.http.post("/api/conversations", json={}).status_code == 503
        assert web_on_postgres.health()["database"] is False
    finally:
        postgres.start()
    answered, _ = send(person, asked)
    assert answered.status_code == 200
    assert answered.json()["messages"][0]["text"] in family_texts("recovery_college", "cy")
    crisis, _ = send(person, at_risk)
    assert crisis.status_code == 200
    first = crisis.json()["messages"][0]
    assert first["lang"] == "cy" and "999" in first["text"]
    assert user_texts(person) == [
        "beth yw cymorth cymheiriaid?",
        "beth ydy coleg adfer?",
        "dw i isio lladd fy hun",
    ]
