"""Before the search form: decide whether this is a new search, "show more" or "search again"."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

PAGE_SIZE = 3
SEARCH_SLOTS = {
    "search_area": "area",
    "search_when": "when",
    "search_topic": "topic",
    "search_delivery": "delivery",
    "search_language": "delivery_language",
}


class ActionStartSearch(Action):
    def name(self) -> str:
        return "action_start_search"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        entities = {e.get("entity") for e in tracker.latest_message.get("entities", [])}
        if "page" in entities:
            offset = float(tracker.get_slot("search_offset") or 0) + PAGE_SIZE
            return [SlotSet("search_offset", offset)]
        if "search_again" in entities:
            return [SlotSet(slot, None) for slot in SEARCH_SLOTS] + [SlotSet("search_offset", 0)]
        # A new search keeps only what this message said: an old "next week" or "Cardiff"
        # must not silently narrow a new question.
        events: list[EventType] = [SlotSet("search_offset", 0)]
        events += [
            SlotSet(slot, None) for slot, entity in SEARCH_SLOTS.items() if entity not in entities
        ]
        return events
