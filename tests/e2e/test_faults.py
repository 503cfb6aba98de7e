"""Cymar survives faults: real processes stopped, crashed, paused (SIGSTOP) and restarted.

A stack of its own (`faults_stack`: each Procfile service its own process), so stopping one
never disturbs the other whole-stack tests; every test puts it back as it found it. What is
asserted is what the person sees; how long they wait is in `make bench` (bench/faults.py),
except the 3-second promise when Rasa is down, which is what the person is told to expect.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from playwright.async_api import Browser, expect

from bot.ops.faults import sqlite_path, sqlite_write_lock, unreadable_sqlite
from bot.ops.stack import ServiceStack
from tests.e2e.peers import Supporter, create_supporter, person_stream, staff_cli
from tests.e2e.test_conversations import Person, family_texts, text_of, texts
from tests.e2e.test_widget import bot_replies, no_axe_violations, open_chat, say

pytestmark = pytest.mark.e2e

# The promise when Rasa is down or restarting: an answer within 3 seconds.
ANSWER_WITHIN_SECONDS = 3.0
# Once every process is ready, the web sees the stack healthy within seconds (Rasa's warm-up
# turn); a restart may also reload Rasa's model. Bounded, so a stack that never recovers
# fails its test in minutes instead of twice waiting out the start-up allowance.
HEALTHY_AFTER_READY_SECONDS = 60.0
HEALTHY_AFTER_RESTART_SECONDS = 300.0
TROUBLE = {"cy": text_of("utter_trouble", "cy")[:40], "en": text_of("utter_trouble", "en")[:40]}


def send(person: Person, body: dict[str, Any]) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = person.http.post(f"/api/conversations/{person.id}/messages", json=body)
    return response, time.monotonic() - started


def history(person: Person) -> list[dict[str, Any]]:
    return list(person.http.get(f"/api/conversations/{person.id}").json()["messages"])


def user_texts(person: Person) -> list[str]:
    return [m["text"] for m in history(person) if m["from"] == "user"]


def assert_trouble(turn: dict[str, Any], languages: list[str]) -> None:
    """The honest 'I'm having trouble' in the conversation's language (both while unknown),
    with the crisis numbers and a way to reach a person."""
    assert [m["lang"] for m in turn["messages"]] == languages
    for message in turn["messages"]:
        assert message["text"].startswith(TROUBLE[message["lang"]])
        assert "999" in message["text"] and "111" in message["text"]
    assert turn["messages"][-1]["buttons"][-1]["payload"] == "/talk_to_person"


@contextmanager
def restored(stack: ServiceStack) -> Iterator[None]:
    """Whatever the test did to a service, it is running and healthy again afterwards."""
    try:
        yield
    finally:
        for service in stack.services.values():
            service.resume()
            service.start()
        stack.wait_healthy(HEALTHY_AFTER_RESTART_SECONDS)


# -- Rasa ---------------------------------------------------------------------------------


def test_rasa_stopped_and_restarting_is_answered_at_once_and_the_conversation_carries_on(
    faults_stack: ServiceStack,
) -> None:
    welsh, english, unknown = (Person(faults_stack, lang) for lang in ("cy", "en", None))
    assert welsh.say("beth yw cymorth cymheiriaid?")["language"] == "cy"
    rasa = faults_stack["rasa"]
    with restored(faults_stack):
        rasa.stop()
        for person, text, languages in (
            (welsh, "ydy o am ddim?", ["cy"]),
            (english, "is it free?", ["en"]),
            (unknown, "helo", ["cy", "en"]),
        ):
            response, waited = send(person, {"text": text})
            assert response.status_code == 200, response.text
            assert waited < ANSWER_WITHIN_SECONDS
            assert_trouble(response.json(), languages)
        # A person is still reachable: the handoff never needed Rasa.
        asked = english.press("/talk_to_person")
        assert asked["messages"][0]["lang"] == "en" and "116 123" in asked["messages"][0]["text"]

        rasa.start()  # loading the model takes 30-60 s here
        response, waited = send(welsh, {"text": "beth am goleg adfer?"})
        assert not rasa.ready(), "Rasa loaded too fast to test the restarting phase"
        assert response.status_code == 200 and waited < ANSWER_WITHIN_SECONDS
        assert_trouble(response.json(), ["cy"])
        rasa.wait_ready()
        faults_stack.wait_healthy(HEALTHY_AFTER_READY_SECONDS)

    # Rasa is back: the language is kept and the next message is answered normally.
    turn = welsh.say("beth yw cymorth cymheiriaid?")
    assert turn["language"] == "cy"
    assert turn["messages"][0]["text"] in family_texts("peer_support", "cy")
    turn = english.say("what is peer support?")
    assert turn["messages"][0]["text"] in family_texts("peer_support", "en")
    turn = unknown.say("helo")
    assert texts(turn) == [text_of("utter_greet", "cy"), text_of("utter_greet", "en")]
    # Nothing anyone sent while Rasa was away is lost.
    assert user_texts(welsh) == [
        "beth yw cymorth cymheiriaid?",
        "ydy o am ddim?",
        "beth am goleg adfer?",
        "beth yw cymorth cymheiriaid?",
    ]
    assert user_texts(unknown) == ["helo", "helo"]


def test_a_hung_rasa_is_answered_within_3_seconds_and_recovers_when_it_resumes(
    faults_stack: ServiceStack,
) -> None:
    person = Person(faults_stack, "cy")
    rasa = faults_stack["rasa"]
    with restored(faults_stack):
        rasa.pause()  # accepts connections, answers nothing
        for text in ("helo", "wyt ti yna?"):
            response, waited = send(person, {"text": text})
            assert response.status_code == 200 and waited < ANSWER_WITHIN_SECONDS
            assert_trouble(response.json(), ["cy"])
        assert faults_stack.health()["rasa"] is False
        rasa.resume()
    turn = person.say("beth ydy coleg adfer?")
    assert turn["messages"][0]["text"] in family_texts("recovery_college", "cy")
    assert user_texts(person) == ["helo", "wyt ti yna?", "beth ydy coleg adfer?"]


# -- the action server ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "search", "contact", "honest"),
    [
        (
            "en",
            "are there any wellbeing sessions in Wrexham next week?",
            "North Wales Peer Network",
            "I can't search",
        ),
        (
            "cy",
            "oes grwpiau cymorth yng Nghaerdydd wythnos nesa?",
            "Cylch Cymheiriaid Caerdydd",
            "alla i ddim chwilio",
        ),
    ],
)
def test_with_the_action_server_down_a_search_says_so_with_contacts_and_a_person(
    faults_stack: ServiceStack, language: str, search: str, contact: str, honest: str
) -> None:
    person = Person(faults_stack, language)
    with restored(faults_stack):
        faults_stack["actions"].stop()
        (answer,) = person.say(search)["messages"]
        assert answer["lang"] == language and honest in answer["text"]
        assert contact in answer["text"] and "999" in answer["text"]
        assert [b["payload"] for b in answer["buttons"]] == ["/talk_to_person"]
        # Answers that need no action still come, and risk still gets the numbers, once.
        risk = "i want to end my life" if language == "en" else "dw i isio lladd fy hun"
        crisis = person.say(risk)["messages"]
        assert crisis[0]["lang"] == language and sum("999" in m["text"] for m in crisis) == 1
        assert faults_stack.health()["actions"] is False
    cards = [c for m in person.say(search)["messages"] for c in m["cards"]]
    assert cards  # searching again once it is back works


# -- the NLG endpoint -----------------------------------------------------------------------


def test_with_the_nlg_endpoint_down_or_hung_answers_still_come_in_the_language_with_buttons(
    faults_stack: ServiceStack,
) -> None:
    english, welsh, unknown = (Person(faults_stack, lang) for lang in ("en", "cy", None))
    nlg = faults_stack["nlg"]
    with restored(faults_stack):
        nlg.stop()
        turn = english.say("what is peer support?")
        assert turn["messages"][0]["text"] in family_texts("peer_support", "en")
        assert [m["lang"] for m in turn["messages"]] == ["en"]
        assert len(turn["messages"][-1]["buttons"]) > 1  # the answer's own, and a person
        turn = welsh.say("beth ydy coleg adfer?")
        assert turn["messages"][0]["text"] in family_texts("recovery_college", "cy")
        turn = unknown.say("helo")
        assert texts(turn) == [text_of("utter_greet", "cy"), text_of("utter_greet", "en")]
        # The action server's answers (Rasa renders them through the NLG too) keep cards.
        found = english.say("any groups anywhere in wales any time")
        assert [c for m in found["messages"] for c in m["cards"]]
        assert faults_stack.health()["nlg"] is False

        nlg.start()
        nlg.wait_ready()
        # Rasa leaves a failed NLG endpoint alone for 5 s (endpoints.yml); past that, a
        # hung one (accepts, never answers) costs the turn one second, then the fallback.
        time.sleep(5.5)
        nlg.pause()
        response, _ = send(english, {"text": "do i have to pay for recovery college courses"})
        assert response.status_code == 200
        assert texts(response.json()) == [text_of("utter_recovery_college/cost", "en")]


# -- the database ---------------------------------------------------------------------------


def database_file(stack: ServiceStack) -> Path:
    return sqlite_path(stack.env["DATABASE_URL"])


def test_a_write_lock_held_by_another_process_is_honest_and_nothing_is_lost(
    faults_stack: ServiceStack,
) -> None:
    person = Person(faults_stack, "cy")
    body = {"text": "dw i isio lladd fy hun", "client_message_id": "lock-1"}
    with sqlite_write_lock(database_file(faults_stack), seconds=30):
        refused, _ = send(person, body)
        # Not stored, so not acknowledged: the widget sends it again by itself.
        assert refused.status_code == 503
        error = refused.json()["error"]
        assert error["code"] == "storage_unavailable" and error["lang"] == "cy"
        assert "alla i ddim cadw" in error["message"] and "999" in error["message"]
    again, _ = send(person, body)
    assert again.status_code == 200
    crisis = again.json()["messages"][0]
    assert crisis["lang"] == "cy" and "999" in crisis["text"]
    assert user_texts(person) == ["dw i isio lladd fy hun"]
    # A brief lock (shorter than the busy timeout) just delays the answer.
    with sqlite_write_lock(database_file(faults_stack), seconds=0.5):
        turn = person.say("beth yw cymorth cymheiriaid?")
    assert turn["messages"][0]["text"] in family_texts("peer_support", "cy")


async def test_the_widget_says_why_a_message_was_not_stored_and_sends_it_again_by_itself(
    faults_stack: ServiceStack, browser: Browser
) -> None:
    page = await open_chat(browser, faults_stack, "cy")  # type: ignore[arg-type]
    before = await bot_replies(page)
    with sqlite_write_lock(database_file(faults_stack), seconds=60):
        await say(page, "beth yw cymorth cymheiriaid?")
        error = page.locator("#error p")
        await expect(error).to_contain_text("alla i ddim cadw")
        await expect(error).to_contain_text("999")
        await expect(error).to_have_attribute("lang", "cy")
        await expect(page.locator("li.msg-user .msg-note").last).to_contain_text("Heb ei anfon")
        await no_axe_violations(page, "message not stored")
    # Once the database answers, the widget's own retry gets it stored and answered, once.
    await expect(page.locator("#transcript > li.msg-bot")).not_to_have_count(before, timeout=60_000)
    await expect(page.locator("#error")).to_be_empty()
    conversation = await page.evaluate("JSON.parse(sessionStorage.getItem('cymar.chat.v1')).id")
    with httpx.Client(base_url=faults_stack.base_url) as http:
        messages = http.get(f"/api/conversations/{conversation}").json()["messages"]
    assert [m["text"] for m in messages if m["from"] == "user"] == ["beth yw cymorth cymheiriaid?"]
    await page.context.close()


async def test_a_supporters_message_during_a_database_lock_is_never_silently_lost(
    faults_stack: ServiceStack,
) -> None:
    username = f"locked-{int(time.time() * 1000) % 10_000_000}"
    create_supporter(faults_stack, username, "en")
    person = Person(faults_stack, "en")
    try:
        async with Supporter(faults_stack.base_url, username) as supporter:
            await supporter.on_duty()
            person.press("/talk_to_person")
            request = await supporter.sees_request(person.id)
            assert await supporter.claim(request["request_id"])
            frame = {"type": "send", "request_id": request["request_id"], "client_id": "lk"}
            with sqlite_write_lock(database_file(faults_stack), seconds=30):
                await supporter.send({**frame, "text": "Sent during the lock"})
                # Refused in so many words (the inbox keeps the text and says it was not
                # saved), and the socket stays open: never acknowledged unless stored.
                result = await supporter.wait_for(lambda e: e["type"] == "send_result", timeout=15)
                assert result["ok"] is False and result["reason"] == "storage_unavailable"
                supporter.events.clear()
                await supporter.send({"type": "open", "request_id": request["request_id"]})
                await supporter.wait_for(lambda e: e["type"] == "chat", timeout=15)
        assert "Sent during the lock" not in [m["text"] for m in history(person)]
        async with Supporter(faults_stack.base_url, username) as supporter:
            await supporter.wait_for(lambda e: e["type"] == "chat")
            await supporter.send({**frame, "text": "Sent again after it"})
            await supporter.wait_for(lambda e: e["type"] == "send_result" and e["ok"])
            assert "Sent again after it" in [m["text"] for m in history(person)]
            await supporter.send({"type": "end", "request_id": request["request_id"]})
            await supporter.wait_for(lambda e: e["type"] == "end_result")
    finally:
        staff_cli(faults_stack, "duty", "--username", username, "off")


def test_an_unreadable_database_file_is_honest_and_nothing_is_lost(
    faults_stack: ServiceStack,
) -> None:
    person = Person(faults_stack, "en")
    person.say("hello")
    web = faults_stack["web"]
    body = {"text": "is anyone there?", "client_message_id": "unreadable-1"}
    with restored(faults_stack):
        web.stop()
        with unreadable_sqlite(database_file(faults_stack)):
            # The web process restarts while the file cannot be read (a volume not mounted
            # yet, a bad restore): every connection it opens fails.
            web.start()
            web.wait_ready_to_serve()
            refused, _ = send(person, body)
            assert refused.status_code == 503
            error = refused.json()["error"]
            # The conversation's language cannot be read either: both languages, Welsh first.
            assert error["code"] == "storage_unavailable" and error["lang"] is None
            welsh, english = error["message"].split("\n\n")[:2]
            assert "999" in welsh and "111" in english  # the fallback crisis lines
            assert person.http.post("/api/conversations", json={}).status_code == 503
            assert faults_stack.health()["database"] is False
    again, _ = send(person, body)
    assert again.status_code == 200 and again.json()["messages"][0]["lang"] == "en"
    assert user_texts(person) == ["hello", "is anyone there?"]


# -- the web process restarted mid-turn and mid-chat ---------------------------------------


async def test_a_web_restart_mid_turn_and_mid_chat_loses_nothing_anyone_sent(
    faults_stack: ServiceStack,
) -> None:
    web, rasa = faults_stack["web"], faults_stack["rasa"]
    username = f"faults-{int(time.time() * 1000) % 10_000_000}"
    create_supporter(faults_stack, username, "en")
    asking = Person(faults_stack, "en")  # will be mid-turn when the web process dies
    chatting = Person(faults_stack, "en")  # will be talking to a supporter
    supporter = Supporter(faults_stack.base_url, username)
    try:
        async with supporter:
            await supporter.on_duty()
            chatting.press("/talk_to_person")
            request = await supporter.sees_request(chatting.id)
            assert await supporter.claim(request["request_id"])
            await supporter.send(
                {"type": "send", "request_id": request["request_id"], "text": "Hello, I'm here"}
            )
            await supporter.wait_for(lambda e: e["type"] == "send_result" and e["ok"])

            with restored(faults_stack):
                # The person's message is stored, then the web process dies while Rasa
                # (paused) is still thinking: stored, but never answered.
                rasa.pause()
                body = {"text": "what is peer support?", "client_message_id": "mid-turn-1"}
                in_flight = threading.Thread(target=send_quietly, args=(asking, body))
                in_flight.start()
                wait_until_stored(asking, "what is peer support?")
                # The supporter's reply is in flight as the process dies.
                await supporter.send(
                    {
                        "type": "send",
                        "request_id": request["request_id"],
                        "text": "In flight",
                        "client_id": "in-flight",
                    }
                )
                web.kill()
                in_flight.join(10)
                with contextlib.suppress(AssertionError, websockets.ConnectionClosed):
                    await supporter.wait_for(lambda e: False, timeout=2)  # read what came
                acknowledged = any(
                    e["type"] == "send_result" and e.get("client_id") == "in-flight" and e["ok"]
                    for e in supporter.events
                )
                # While it is down, the person in the chat writes (the widget keeps trying).
                chat_body = {"text": "are you still there?", "client_message_id": "chat-1"}
                with pytest.raises(httpx.TransportError):
                    chatting.http.post(f"/api/conversations/{chatting.id}/messages", json=chat_body)
                rasa.resume()
                web.start()

        # Resent with the same ids, as the widget does: each stored and answered once.
        answered = asking.http.post(f"/api/conversations/{asking.id}/messages", json=body)
        assert answered.status_code == 200
        assert answered.json()["messages"][0]["text"] in family_texts("peer_support", "en")
        assert user_texts(asking) == ["what is peer support?"]
        relayed = chatting.http.post(f"/api/conversations/{chatting.id}/messages", json=chat_body)
        assert relayed.status_code == 200 and relayed.json()["state"] == "with_peer"

        supporter = Supporter(faults_stack.base_url, username)
        async with supporter:
            chat = await supporter.wait_for(lambda e: e["type"] == "chat")
            seen = [m["text"] for m in chat["messages"]]
            assert seen.count("are you still there?") == 1 and "Hello, I'm here" in seen
            # The supporter's in-flight message: if it was acknowledged it was stored; if it
            # was not stored their inbox showed it as not sent (never a silent loss).
            if acknowledged:
                assert "In flight" in seen
            async with person_stream(faults_stack.base_url, chatting.id, after_seq=0) as stream:
                await supporter.send(
                    {"type": "send", "request_id": request["request_id"], "text": "Yes, still here"}
                )
                await stream.wait_for(
                    lambda e: e["type"] == "message" and "still here" in e["text"]
                )
            await supporter.send({"type": "end", "request_id": request["request_id"]})
            await supporter.wait_for(lambda e: e["type"] == "end_result")
    finally:
        staff_cli(faults_stack, "duty", "--username", username, "off")


def send_quietly(person: Person, body: dict[str, Any]) -> None:
    # The process dies under it, as intended.
    with contextlib.suppress(httpx.HTTPError):
        person.http.post(f"/api/conversations/{person.id}/messages", json=body, timeout=30)


def wait_until_stored(person: Person, text: str) -> None:
    with httpx.Client(base_url=str(person.http.base_url), timeout=5) as other:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            messages = other.get(f"/api/conversations/{person.id}").json()["messages"]
            if any(m["from"] == "user" and m["text"] == text for m in messages):
                return
            time.sleep(0.05)
    raise AssertionError("the message was never stored")
