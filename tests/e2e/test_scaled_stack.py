"""Cymar scaled out: two web instances and two Rasa instances (plus the action server and
the NLG endpoint) on real PostgreSQL and Redis, with no sticky sessions.

A conversation's requests alternate between the web instances, and so between the Rasa
instances (web instance i talks to Rasa instance i); a person's live stream is on one web
instance while the supporter's inbox is on the other.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bot.content.catalogue import ResponseCatalogue
from bot.ops.stack import (
    LOCAL_POSTGRES,
    LOCAL_REDIS,
    ScaledStack,
    clear_redis_prefix,
    start_scaled_stack,
    temporary_database,
    unique_redis_prefix,
)
from bot.settings import ROOT
from tests.e2e.conftest import HANDOFF_TIMINGS
from tests.e2e.peers import Supporter, create_supporter, person_stream, staff_cli

pytestmark = pytest.mark.e2e
TEXTS = ResponseCatalogue(ROOT / "data")
# Everything the people in these tests write: none of it may appear in any process's log.
SAID: list[str] = []


def text_of(key: str, lang: str) -> str:
    return TEXTS.render(key, lang).text  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScaledStack]:
    prefix = unique_redis_prefix()
    with (
        temporary_database(LOCAL_POSTGRES) as database_url,
        temporary_database(LOCAL_POSTGRES) as tracker_url,
    ):
        try:
            stack = start_scaled_stack(
                tmp_path_factory.mktemp("scaled"),
                web=2,
                rasa=2,
                database_url=database_url,
                redis_url=LOCAL_REDIS,
                redis_key_prefix=prefix,
                tracker_store_url=tracker_url,
                # Two Rasa instances and other work share two cores here: allow slow turns.
                extra_env={
                    **HANDOFF_TIMINGS,
                    "HANDOFF_TIMEOUT_SECONDS": "6",
                    "RASA_TIMEOUT_SECONDS": "15",
                },
            )
        except RuntimeError as exc:
            clear_redis_prefix(LOCAL_REDIS, prefix)
            pytest.fail(str(exc))
        try:
            yield stack
        finally:
            stack.stop()
            clear_redis_prefix(LOCAL_REDIS, prefix)


class Person:
    """A person whose every request may land on any web instance (no sticky sessions)."""

    def __init__(self, stack: ScaledStack, language: str | None = None) -> None:
        self.clients = [stack.client(0), stack.client(1)]
        self.turns = 0
        body = {"language": language} if language else {}
        response = self.next_client().post("/api/conversations", json=body)
        assert response.status_code == 201, response.text
        self.id = response.json()["conversation_id"]

    def next_client(self) -> httpx.Client:
        client = self.clients[self.turns % len(self.clients)]
        self.turns += 1
        return client

    def say(self, text: str, via: int | None = None) -> dict[str, Any]:
        SAID.append(text)
        return self._post({"text": text}, via)

    def press(self, payload: str, via: int | None = None) -> dict[str, Any]:
        return self._post({"payload": payload}, via)

    def _post(self, body: dict[str, str], via: int | None) -> dict[str, Any]:
        client = self.clients[via] if via is not None else self.next_client()
        response = client.post(f"/api/conversations/{self.id}/messages", json=body)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def transcript(self, via: int = 0) -> list[dict[str, Any]]:
        response = self.clients[via].get(f"/api/conversations/{self.id}")
        assert response.status_code == 200
        return list(response.json()["messages"])


def texts(turn: dict[str, Any]) -> list[str]:
    return [m["text"] for m in turn["messages"]]


def assert_whole_and_in_order(messages: list[dict[str, Any]]) -> None:
    seqs = [m["seq"] for m in messages]
    assert seqs == list(range(1, len(seqs) + 1)), seqs


def test_a_search_form_alternating_between_instances_keeps_its_state(
    scaled: ScaledStack,
) -> None:
    person = Person(scaled, "en")
    asked = person.say("can you find me a peer support group")  # web 2, Rasa 2
    assert texts(asked) == [text_of("utter_ask_search_area", "en")]
    # Rasa 1 has never seen this conversation: only the shared tracker store knows the
    # form is waiting for a place.
    asked = person.say("bangor please")  # web 1, Rasa 1
    assert texts(asked) == [text_of("utter_ask_search_when", "en")]
    found = person.press('/inform{"when": "any"}')  # web 2, Rasa 2
    cards = [c for m in found["messages"] for c in m["cards"]]
    assert cards and all(m["lang"] == "en" for m in found["messages"])

    transcript = person.transcript(via=1)
    assert_whole_and_in_order(transcript)
    users = [m["text"] for m in transcript if m["from"] == "user"]
    assert users[:2] == ["can you find me a peer support group", "bangor please"]
    assert [m["seq"] for m in transcript] == [m["seq"] for m in person.transcript(via=0)]


def test_welsh_chosen_on_one_instance_is_kept_on_the_other(scaled: ScaledStack) -> None:
    person = Person(scaled)
    chosen = person.press('/choose_language{"language": "cy"}')
    assert chosen["language"] == "cy"
    turn = person.say("beth yw cymorth cymheiriaid?")
    assert turn["language"] == "cy" and all(m["lang"] == "cy" for m in turn["messages"])
    asked = person.say("dw i isio ffeindio sesiwn les wythnos nesa")
    assert texts(asked) == [text_of("utter_ask_search_area", "cy")]
    found = person.say("ar-lein yn unig")
    assert all(m["lang"] == "cy" for m in found["messages"])
    assert_whole_and_in_order(person.transcript())


def test_messages_sent_at_once_through_both_instances_are_each_stored_once(
    scaled: ScaledStack,
) -> None:
    # A person pressing send twice, the two requests landing on different instances.
    person = Person(scaled, "en")

    async def both() -> list[httpx.Response]:
        async with (
            httpx.AsyncClient(base_url=scaled.web_urls[0], timeout=30) as one,
            httpx.AsyncClient(base_url=scaled.web_urls[1], timeout=30) as two,
        ):
            return list(
                await asyncio.gather(
                    one.post(
                        f"/api/conversations/{person.id}/messages",
                        json={"text": "what is peer support"},
                    ),
                    two.post(
                        f"/api/conversations/{person.id}/messages",
                        json={"text": "are you a bot?"},
                    ),
                )
            )

    SAID.extend(["what is peer support", "are you a bot?"])
    responses = asyncio.run(both())
    assert [r.status_code for r in responses] == [200, 200]
    transcript = person.transcript()
    assert_whole_and_in_order(transcript)
    users = [m for m in transcript if m["from"] == "user"]
    assert sorted(m["text"] for m in users) == ["are you a bot?", "what is peer support"]
    # One turn at a time across instances: each message is followed by its own answer.
    first, second = users
    between = [m for m in transcript if first["seq"] < m["seq"] < second["seq"]]
    assert between and all(m["from"] == "bot" for m in between)
    assert transcript[-1]["from"] == "bot" and transcript[-1]["seq"] > second["seq"]


def unique(name: str) -> str:
    return f"{name}-{int(time.time() * 1000) % 10_000_000}"


async def test_a_supporter_on_one_instance_and_a_person_on_the_other_talk_live(
    scaled: ScaledStack,
) -> None:
    username = unique("scaled")
    create_supporter(scaled, username, "cy,en")  # type: ignore[arg-type]
    supporter = Supporter(scaled.web_urls[1], username)
    try:
        async with supporter:
            await supporter.on_duty()
            person = Person(scaled, "cy")
            async with person_stream(scaled.web_urls[0], person.id, after_seq=100) as stream:
                asked = person.say("dw i isio siarad â pherson", via=0)
                assert asked["state"] == "waiting_for_peer"
                # The request reaches the inbox on the other instance.
                request = await supporter.sees_request(person.id)
                assert await supporter.claim(request["request_id"])
                await stream.wait_for(lambda e: e == {"type": "state", "state": "with_peer"})

                hello = "Helo, dw i yma nawr."
                await supporter.send(
                    {"type": "send", "request_id": request["request_id"], "text": hello}
                )
                relayed = await stream.wait_for(
                    lambda e: e["type"] == "message" and e["text"] == hello
                )
                assert relayed["from"] == "peer" and relayed["lang"] == "cy"
                # Received by a screen on the other instance, so the supporter sees it.
                await supporter.wait_for(
                    lambda e: e["type"] == "delivered" and e["seq"] == relayed["seq"]
                )

                for via, text in ((0, "diolch am ddod"), (1, "mae'n anodd heno")):
                    reply = person.say(text, via=via)
                    assert reply["messages"] == [] and reply["state"] == "with_peer"
                    got = await supporter.wait_for(
                        lambda e, t=text: e["type"] == "message" and e["text"] == t
                    )
                    assert got["from"] == "user" and got["conversation_id"] == person.id

                await supporter.send(
                    {"type": "end", "request_id": request["request_id"], "note": "iawn"}
                )
                await stream.wait_for(lambda e: e == {"type": "state", "state": "bot"})

            transcript = person.transcript(via=1)
            assert_whole_and_in_order(transcript)
            said = [m["text"] for m in transcript if m["from"] in ("user", "peer")]
            assert said == [
                "dw i isio siarad â pherson",
                hello,
                "diolch am ddod",
                "mae'n anodd heno",
            ]
    finally:
        staff_cli(scaled, "duty", "--username", username, "off")  # type: ignore[arg-type]


async def test_a_long_wait_is_explained_once_though_every_instance_watches(
    scaled: ScaledStack,
) -> None:
    username = unique("watch")
    create_supporter(scaled, username, "en")  # type: ignore[arg-type]
    supporter = Supporter(scaled.web_urls[0], username)
    try:
        async with supporter:
            await supporter.on_duty()
            person = Person(scaled, "en")
            assert person.press("/talk_to_person")["state"] == "waiting_for_peer"
            waiting = text_of("utter_handoff_timeout", "en")[:25]
            deadline = time.monotonic() + 40
            while time.monotonic() < deadline:
                told = [m for m in person.transcript() if m["text"].startswith(waiting)]
                if told:
                    break
                await asyncio.sleep(0.5)
            # Both watchdogs have had many more chances by now.
            await asyncio.sleep(3)
            told = [m for m in person.transcript() if m["text"].startswith(waiting)]
            assert len(told) == 1
            person.press("/cancel_handoff")
    finally:
        staff_cli(scaled, "duty", "--username", username, "off")  # type: ignore[arg-type]


def test_the_load_balancer_needs_no_sticky_sessions(scaled: ScaledStack) -> None:
    with scaled.client() as balanced:
        started = balanced.post("/api/conversations", json={"language": "en"})
        cid = started.json()["conversation_id"]
        for text in ("hello", "what is peer support", "thanks"):
            SAID.append(text)
            response = balanced.post(f"/api/conversations/{cid}/messages", json={"text": text})
            assert response.status_code == 200
        assert balanced.get("/api/ready").status_code == 200
        assert balanced.get("/api/live").json() == {"status": "ok"}
        transcript = balanced.get(f"/api/conversations/{cid}").json()["messages"]
    assert_whole_and_in_order(transcript)
    assert [m["text"] for m in transcript if m["from"] == "user"] == [
        "hello",
        "what is peer support",
        "thanks",
    ]


def test_a_restarted_rasa_instance_remembers_the_dialogue(scaled: ScaledStack) -> None:
    person = Person(scaled, "en")
    asked = person.say("find me a wellbeing session", via=1)
    assert texts(asked) == [text_of("utter_ask_search_area", "en")]
    scaled.restart(scaled.rasa[1])
    asked = person.say("cardiff", via=1)
    assert texts(asked) == [text_of("utter_ask_search_when", "en")]


def test_no_process_logs_what_anyone_wrote_and_every_line_of_ours_is_json(
    scaled: ScaledStack,
) -> None:
    assert SAID, "run after the conversations above"
    log = scaled.log()
    for text in SAID:
        assert text not in log, text
    ours = [
        line.split(" | ", 1)[1]
        for line in log.splitlines()
        if re.match(r"^(web|nlg|actions)\.\d \| ", line)
    ]
    assert ours
    for line in ours:
        entry = json.loads(line)
        assert {"time", "level", "logger", "message"} <= set(entry)
    # Rasa's own log records are JSON too (Python's import-time warnings included).
    rasa_lines = [line.split(" | ", 1)[1] for line in log.splitlines() if line.startswith("rasa.")]
    records = [json.loads(line) for line in rasa_lines if line.startswith("{")]
    assert records and any("Rasa server is up" in r["message"] for r in records)
    assert not [line for line in rasa_lines if re.match(r"^\d{4}-\d\d-\d\d .* - ", line)]
