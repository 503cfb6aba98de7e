"""Whole-stack directory searches through the public API, in Welsh and English."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bot.content.catalogue import ResponseCatalogue
from bot.ops.stack import Stack
from bot.settings import ROOT
from tests.e2e.test_conversations import Person, texts

pytestmark = pytest.mark.e2e
TEXTS = ResponseCatalogue(ROOT / "data")
CARD_FIELDS = {"title", "area", "starts_at", "delivery", "language", "url"}


def all_cards(turn: dict[str, Any]) -> list[dict[str, Any]]:
    return [card for message in turn["messages"] for card in message["cards"]]


def assert_results_or_alternatives(turn: dict[str, Any], language: str) -> list[dict[str, Any]]:
    cards = all_cards(turn)
    assert cards, texts(turn)
    for card in cards:
        assert card.keys() >= CARD_FIELDS
    assert all(m["lang"] == language for m in turn["messages"])
    # The sample set is in use, and every answer that shows it says so.
    note = TEXTS.render("utter_directory_sample_note", language).text  # type: ignore[arg-type]
    assert note in texts(turn)
    return cards


def test_english_search_in_one_message(stack: Stack) -> None:
    person = Person(stack, "en")
    turn = person.say("are there any wellbeing sessions or groups in Wrexham next week?")
    cards = assert_results_or_alternatives(turn, "en")
    assert len(cards) <= 3
    assert {c["area"] for c in cards} <= {
        "Wrexham",
        "Online",
        "Flintshire",
        "Denbighshire",
        "Powys",
    }


def test_welsh_search_with_a_mutated_place_name(stack: Stack) -> None:
    person = Person(stack, "cy")
    turn = person.say("oes grwpiau cymorth cymheiriaid yng Nghaerdydd dros y penwythnos?")
    cards = assert_results_or_alternatives(turn, "cy")
    assert all(c["title"] and c["when"].startswith("Dydd") for c in cards)


def test_the_form_asks_only_for_what_is_missing(stack: Stack) -> None:
    person = Person(stack, "en")
    asked = person.say("can you find me a peer support group")
    assert texts(asked) == [TEXTS.render("utter_ask_search_area", "en").text]
    asked = person.say("bangor please")
    assert texts(asked) == [TEXTS.render("utter_ask_search_when", "en").text]
    turn = person.press('/inform{"when": "any"}')
    assert_results_or_alternatives(turn, "en")


@pytest.mark.parametrize(
    ("language", "ask", "when"),
    [
        ("en", "can you find me a peer support group in cardiff", "evenings"),
        ("cy", "dw i isio ffeindio grŵp cymorth cymheiriaid yng Nghaerdydd", "gyda'r nos"),
    ],
)
def test_evenings_as_the_answer_to_when_finds_evening_sessions(
    stack: Stack, language: str, ask: str, when: str
) -> None:
    # "Evenings" (no day) used to be "Sorry, I didn't understand": now every card it finds,
    # or offers instead, starts at 17:00 or later, Welsh time.
    person = Person(stack, language)
    asked = person.say(ask)
    wanted = TEXTS.render("utter_ask_search_when", language).text  # type: ignore[arg-type]
    assert texts(asked) == [wanted]
    cards = assert_results_or_alternatives(person.say(when), language)
    assert all(datetime.fromisoformat(c["starts_at"]).hour >= 17 for c in cards), cards


def test_welsh_form_accepts_online_only(stack: Stack) -> None:
    person = Person(stack, "cy")
    asked = person.say("dw i isio ffeindio sesiwn les wythnos nesa")
    assert texts(asked) == [TEXTS.render("utter_ask_search_area", "cy").text]
    turn = person.say("ar-lein yn unig")
    cards = assert_results_or_alternatives(turn, "cy")
    assert all("Ar-lein" in c["delivery"] for c in cards)


def test_show_more_and_search_again(stack: Stack) -> None:
    person = Person(stack, "en")
    first = person.say("any groups anywhere in wales any time")
    # Sample groups share titles across areas ("One-to-one peer mentoring" runs in several),
    # so a service is its title in its area, as the person sees it on the card.
    first_services = [(c["title"], c["area"]) for c in all_cards(first)]
    assert len(first_services) == 3
    buttons = [b["payload"] for m in first["messages"] for b in m["buttons"]]
    assert '/find_wellbeing_session{"page": "more"}' in buttons
    more = person.press('/find_wellbeing_session{"page": "more"}')
    more_services = [(c["title"], c["area"]) for c in all_cards(more)]
    assert more_services and not set(more_services) & set(first_services)
    again = person.press('/find_wellbeing_session{"search_again": "yes"}')
    assert texts(again) == [TEXTS.render("utter_ask_search_area", "en").text]


def test_crisis_in_the_middle_of_a_search_ends_the_form(stack: Stack) -> None:
    person = Person(stack, "en")
    person.say("find me a wellbeing session")
    turn = person.say("honestly i just want to die")
    assert "999" in turn["messages"][0]["text"]
    after = person.say("what is peer support")
    assert TEXTS.render("utter_ask_search_area", "en").text not in texts(after)
