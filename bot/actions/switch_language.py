"""`choose_language`: the person asked for Welsh or English in their own words."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

# The router reads this from the custom payload and makes the choice stick.
SET_LANGUAGE = "set_language"


class ActionSwitchLanguage(Action):
    def name(self) -> str:
        return "action_switch_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        wanted = next(tracker.get_latest_entity_values("language"), None)
        if wanted not in ("cy", "en"):
            # "Can we change language?" without saying which: offer both.
            dispatcher.utter_message(response="utter_welcome")
            return []
        dispatcher.utter_message(json_message={SET_LANGUAGE: wanted})
        dispatcher.utter_message(response="utter_language_chosen", language=wanted)
        return []
