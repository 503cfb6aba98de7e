"""Whole-stack conversations through the public API, in Welsh and in English.

Real Rasa (the model `make test` trained), real action server, real NLG endpoint, real
database: what a person on the web widget would see.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.content.catalogue import ResponseCatalogue
from bot.content.model import Lang
from bot.ops.stack import Stack
from bot.settings import ROOT

pytestmark = pytest.mark.e2e
TEXTS = ResponseCatalogue(ROOT / "data")


def text_of(key: str, lang: Lang) -> str:
    return TEXTS.render(key, lang).text


def family_texts(family: str, lang: Lang) -> set[str]:
    """Every answer of the family, as it is and as it is the first time its topic comes up
    (followed by "Was this helpful?" in the same message)."""
    answers = {
        text_of(key, lang) for key in TEXTS.source.all_keys() if key.startswith(f"utter_{family}/")
    }
    question = text_of("utter_ask_helpful", lang)
    return answers | {f"{answer}\n\n{question}" for answer in answers}


class Person:
    """A person using the API the way the web widget does."""

    def __init__(self, stack: Stack, language: str | None = None) -> None:
        self.http = stack.client()
        body = {"language": language} if language else {}
        response = self.http.post("/api/conversations", json=body)
        assert response.status_code == 201, response.text
        self.opening = response.json()
        self.id = self.opening["conversation_id"]

    def say(self, text: str) -> dict[str, Any]:
        response = self.http.post(f"/api/conversations/{self.id}/messages", json={"text": text})
        assert response.status_code == 200, response.text
        return dict(response.json())

    def press(self, payload: str) -> dict[str, Any]:
        response = self.http.post(
            f"/api/conversations/{self.id}/messages", json={"payload": payload}
        )
        assert response.status_code == 200, response.text
        return dict(response.json())


def texts(turn: dict[str, Any]) -> list[str]:
    """The messages' texts, without the "Was this helpful?" question that joins an answer
    the first time its topic comes up (tests/router/test_feedback.py shows that)."""
    questions = tuple(f"\n\n{text_of('utter_ask_helpful', lang)}" for lang in ("cy", "en"))
    shown = []
    for message in turn["messages"]:
        text = message["text"]
        for question in questions:
            text = text.removesuffix(question)
        shown.append(text)
    return shown


def test_the_welcome_is_bilingual_welsh_first_with_language_buttons(stack: Stack) -> None:
    person = Person(stack)
    assert [m["lang"] for m in person.opening["messages"]] == ["cy", "en"]
    titles = [b["title"] for b in person.opening["messages"][-1]["buttons"]]
    assert titles == ["Cymraeg", "English"]


def test_an_english_conversation_about_peer_support(stack: Stack) -> None:
    person = Person(stack)
    chosen = person.press('/choose_language{"language": "en"}')
    assert chosen["language"] == "en"
    assert texts(chosen) == [text_of("utter_language_chosen", "en")]
    turn = person.say("what actually is peer support?")
    assert turn["messages"][0]["lang"] == "en"
    assert turn["messages"][0]["text"] in family_texts("peer_support", "en")
    turn = person.say("do i have to pay for the recovery college courses")
    assert texts(turn) == [text_of("utter_recovery_college/cost", "en")]
    turn = person.say("are you a bot?")
    assert texts(turn) == [text_of("utter_iamabot", "en")]


def test_a_welsh_conversation_about_recovery_colleges(stack: Stack) -> None:
    person = Person(stack)
    person.press('/choose_language{"language": "cy"}')
    turn = person.say("beth ydy coleg adfer?")
    assert turn["language"] == "cy"
    assert turn["messages"][0]["lang"] == "cy"
    assert turn["messages"][0]["text"] in family_texts("recovery_college", "cy")
    turn = person.say("oes rhaid i mi gael atgyfeiriad gan fy meddyg teulu?")
    assert texts(turn) == [text_of("utter_recovery_college/referral", "cy")]
    turn = person.say("diolch yn fawr")
    assert texts(turn) == [text_of("utter_thanks", "cy")]


def test_a_generic_follow_up_is_answered_for_the_current_topic(stack: Stack) -> None:
    # "Is it free?" alone is about peer support; after recovery colleges it is about fees.
    person = Person(stack)
    person.press('/choose_language{"language": "en"}')
    turn = person.say("what is a recovery college?")
    assert texts(turn)[0] == text_of("utter_recovery_college/what_is", "en")
    turn = person.say("is it free?")
    assert texts(turn) == [text_of("utter_recovery_college/cost", "en")]
    # The same after an FAQ button, which the router answers without Rasa.
    welsh = Person(stack)
    welsh.press('/choose_language{"language": "cy"}')
    welsh.press('/ask_faq{"faq_key": "recovery_college/what_is"}')
    turn = welsh.say("ydi o am ddim?")
    assert texts(turn) == [text_of("utter_recovery_college/cost", "cy")]
    turn = welsh.say("beth yw cymorth cymheiriaid?")
    assert texts(turn)[0] == text_of("utter_peer_support/what_is", "cy")
    turn = welsh.say("ydi o am ddim?")
    assert texts(turn) == [text_of("utter_peer_support/cost", "cy")]


def test_welsh_detected_from_a_first_message_without_choosing(stack: Stack) -> None:
    person = Person(stack)
    turn = person.say("shwmae, dw i isio siarad efo rhywun go iawn plis")
    assert turn["language"] == "cy"
    assert texts(turn) == [text_of("utter_talk_to_person", "cy")] or all(
        m["lang"] == "cy" for m in turn["messages"]
    )


def test_switching_language_mid_conversation(stack: Stack) -> None:
    person = Person(stack, "en")
    person.say("what can you help me with")
    turn = person.say("yn Gymraeg plis")
    assert turn["language"] == "cy"
    assert texts(turn) == [text_of("utter_language_chosen", "cy")]
    turn = person.say("beth yw cymorth gan gymheiriaid?")
    assert all(m["lang"] == "cy" for m in turn["messages"])
    turn = person.say("English please")
    assert turn["language"] == "en"
    assert all(m["lang"] == "en" for m in person.say("thanks")["messages"])


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "i dont want to be here anymore, i want to end it all"),
        ("en", "my friend says she is going to kill herself tonight"),
        ("cy", "dw i'n meddwl am ladd fy hun"),
        ("cy", "does dim pwynt byw rhagor"),
    ],
)
def test_risk_gets_the_crisis_numbers_at_once(stack: Stack, language: str, message: str) -> None:
    person = Person(stack, language)
    turn = person.say(message)
    first = turn["messages"][0]
    assert first["lang"] == language
    for number in ("999", "111", "116 123"):
        assert number in first["text"]
    assert sum("999" in t for t in texts(turn)) == 1  # once, not twice


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "everything's been getting on top of me and i feel rubbish most days"),
        ("cy", "dw i wedi bod yn teimlo'n isel iawn yn ddiweddar a sa i'n gwbod at bwy i droi"),
    ],
)
def test_someone_who_says_they_are_struggling_is_offered_people_not_turned_away(
    stack: Stack, language: str, message: str
) -> None:
    # Not risk (no crisis numbers forced on them) and not "I can't help with that": the
    # answer says a peer supporter can listen and offers one, and urgent help, by button.
    person = Person(stack, language)
    turn = person.say(message)
    assert texts(turn) == [text_of("utter_share_feelings", language)]
    payloads = [b["payload"] for b in turn["messages"][0]["buttons"]]
    assert "/talk_to_person" in payloads and "/crisis" in payloads
    assert turn["messages"][0]["lang"] == language


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "this queue is killing me lol"), ("cy", "dw i jyst yn lladd amser fan hyn")],
)
def test_idioms_do_not_trigger_the_crisis_response(
    stack: Stack, language: str, message: str
) -> None:
    person = Person(stack, language)
    assert all("999" not in t for t in texts(person.say(message)))


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "would there be anybody about if i messaged late on a saturday night"),
        ("cy", "fysa 'na rywun o gwmpas tasai fi'n anfon neges yn hwyr nos Sadwrn"),
    ],
)
def test_asking_when_someone_is_there_is_answered_honestly_with_numbers(
    stack: Stack, language: str, message: str
) -> None:
    # Not a fake "we're open": the assistant is always here, a person is not, "Talk to a
    # person" finds out now, and the crisis numbers are there for tonight.
    person = Person(stack, language)
    turn = person.say(message)
    first = turn["messages"][0]
    assert first["lang"] == language
    assert first["text"].startswith(text_of("utter_availability", language).split("\n")[0])
    assert "116 123" in first["text"]
    assert "/talk_to_person" in [b["payload"] for b in first["buttons"]]
    assert turn["state"] == "bot"  # asking when is not joining a queue


def test_talk_to_a_person_is_honest_and_gives_numbers(stack: Stack) -> None:
    person = Person(stack, "en")
    turn = person.press("/talk_to_person")
    assert "116 123" in turn["messages"][0]["text"]
    assert turn["state"] == "bot"  # no fake queue


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"text": ""}, 422),
        ({"text": "x" * 10_000}, 413),
        ({"payload": "/definitely_not_an_intent"}, 422),
        ({"wrong": "shape"}, 422),
    ],
)
def test_bad_input_is_answered_in_the_conversation_language(
    stack: Stack, body: dict[str, str], status: int
) -> None:
    person = Person(stack, "cy")
    response = person.http.post(f"/api/conversations/{person.id}/messages", json=body)
    assert response.status_code == status
    assert response.json()["error"]["lang"] == "cy"


@pytest.mark.parametrize(
    "text",
    ["😀😀😀", "<script>alert('x')</script>", "' OR 1=1; --", "\x00\x07hello\x1b[31m"],
)
def test_odd_but_valid_input_still_gets_an_answer(stack: Stack, text: str) -> None:
    person = Person(stack, "en")
    turn = person.say(text)
    assert turn["messages"] and all(m["lang"] == "en" for m in turn["messages"])


def test_invalid_json_and_unknown_conversations_are_json_errors(stack: Stack) -> None:
    http = stack.client()
    response = http.post(
        "/api/conversations/unknown/messages",
        content=b"{oops",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "conversation_not_found"


def test_health_is_ok_when_everything_answers(stack: Stack) -> None:
    body = stack.client().get("/api/health").json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "router": True,
        "database": True,
        "rasa": True,
        "actions": True,
        "nlg": True,
    }
    # Everyone so far was answered in time: no alert about "I'm having trouble".
    assert body["rasa_turns"]["alert"] is False


def test_no_message_text_is_logged(stack: Stack) -> None:
    secret = "my very private words about my mum"
    Person(stack, "en").say(secret)
    assert secret not in stack.log()
