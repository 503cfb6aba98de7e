"""action_answer_faq: the answer people get, from the ResponseSelector and the current topic."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answer_faq import ActionAnswerFaq


def tracker(
    text: str,
    ranking: list[tuple[str, float]],
    previous: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    selector: dict[str, Any] = {
        "all_retrieval_intents": ["faq"],
        "faq": {
            "response": {"intent_response_key": ranking[0][0] if ranking else None},
            "ranking": [{"intent_response_key": k, "confidence": c} for k, c in ranking],
        },
    }
    latest = {
        "text": text,
        "intent": {"name": "faq"},
        "entities": [],
        "response_selector": selector,
        "metadata": metadata or {},
    }
    return Tracker(
        "c1",
        {"faq_answer": previous},
        latest,
        [],
        False,
        None,
        {},
        "action_listen",
    )


def run(t: Tracker) -> tuple[list[str], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerFaq().run(dispatcher, t, {}))
    return [m["response"] for m in dispatcher.messages], events


COST = [("faq/peer_support_cost", 0.55), ("faq/recovery_college_cost", 0.4)]


def test_it_utters_the_catalogue_key_and_remembers_the_topic() -> None:
    said, events = run(tracker("what is peer support", [("faq/peer_support_what_is", 0.9)]))
    assert said == ["utter_peer_support/what_is"]
    assert events == [SlotSet("faq_answer", "utter_peer_support/what_is")]


def test_is_it_free_after_recovery_colleges_is_about_college_fees() -> None:
    said, _ = run(tracker("is it free?", COST, previous="utter_recovery_college/courses"))
    assert said == ["utter_recovery_college/cost"]
    said, _ = run(tracker("ydi o am ddim?", COST, previous="utter_recovery_college/what_is"))
    assert said == ["utter_recovery_college/cost"]


def test_the_routers_last_answer_counts_even_if_a_button_gave_it() -> None:
    # A button answered recovery college costs without Rasa; the slot still says peer support.
    metadata = {"faq_answer": "utter_recovery_college/what_is", "language": "en"}
    said, _ = run(
        tracker("is it free?", COST, previous="utter_peer_support/what_is", metadata=metadata)
    )
    assert said == ["utter_recovery_college/cost"]


def test_a_question_naming_peer_support_is_answered_about_peer_support() -> None:
    said, _ = run(tracker("is peer support free", COST, previous="utter_recovery_college/enrol"))
    assert said == ["utter_peer_support/cost"]


def test_with_no_answer_ranked_it_says_it_did_not_understand() -> None:
    said, events = run(tracker("???", []))
    assert said == ["utter_default"] and events == []
