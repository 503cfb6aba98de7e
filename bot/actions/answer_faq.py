"""Answer a question about peer support, recovery colleges or wellbeing sessions.

The ResponseSelector ranks the FAQ answers; `bot.content.faq.resolve_answer` picks one,
using the topic of the previous answer for generic follow-ups ("is it free?" after
recovery colleges is about recovery college fees). The answer is uttered by its catalogue
key, so the NLG endpoint serves the published text in the conversation's language.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.list_courses import COURSES_ANSWER, list_courses
from bot.content.faq import FAQ_INTENT, catalogue_key, resolve_answer, topic_of

ANSWER_SLOT = "faq_answer"
# The router sends the last FAQ answer the person saw, including answers to FAQ buttons,
# which it gives without asking Rasa (bot/conversations/router.py).
ANSWER_METADATA = "faq_answer"


def previous_answer(tracker: Tracker) -> str | None:
    """The last FAQ answer in this conversation: the router's word, else our own slot."""
    metadata = tracker.latest_message.get("metadata") or {}
    found = metadata.get(ANSWER_METADATA) or tracker.get_slot(ANSWER_SLOT)
    return str(found) if found else None


def ranked_answers(tracker: Tracker) -> list[tuple[str, float]]:
    """The ResponseSelector's FAQ answers for the latest message, best first."""
    selector = tracker.latest_message.get("response_selector") or {}
    block = selector.get(FAQ_INTENT) or selector.get("default") or {}
    ranking = [
        (str(r["intent_response_key"]), float(r.get("confidence") or 0.0))
        for r in block.get("ranking") or []
        if r.get("intent_response_key")
    ]
    best = (block.get("response") or {}).get("intent_response_key")
    if best and not ranking:
        ranking = [(str(best), 1.0)]
    return ranking


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        previous = previous_answer(tracker)
        topic = topic_of(previous) if previous else None
        text = str(tracker.latest_message.get("text") or "")
        chosen = resolve_answer(ranked_answers(tracker), text, topic)
        key = catalogue_key(chosen) if chosen else None
        if key is None:
            dispatcher.utter_message(response="utter_default")
            return []
        dispatcher.utter_message(response=key)
        if key == COURSES_ANSWER:
            list_courses(dispatcher, tracker)
        return [SlotSet(ANSWER_SLOT, key)]
