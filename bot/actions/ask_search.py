"""The search form's questions, asked through our NLG endpoint.

Rasa's forms look for `action_ask_<slot>` before `utter_ask_<slot>`. Asking from an action
keeps the question text in the curated responses only (staff-editable, both languages) and
out of Rasa's domain, where the validator would report it as unused.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher


class ActionAskSearchArea(Action):
    def name(self) -> str:
        return "action_ask_search_area"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_ask_search_area")
        return []


class ActionAskSearchWhen(Action):
    def name(self) -> str:
        return "action_ask_search_when"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_ask_search_when")
        return []
