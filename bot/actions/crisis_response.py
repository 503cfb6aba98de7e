"""`crisis`: the crisis numbers at once, in the person's language, ending any form."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType
from rasa_sdk.executor import CollectingDispatcher


class ActionCrisisResponse(Action):
    def name(self) -> str:
        return "action_crisis_response"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        # The NLG endpoint fills {crisis_lines} from the database (with a built-in fallback).
        dispatcher.utter_message(response="utter_crisis")
        # Whatever form was running, it must not ask its next question over the crisis reply.
        return [ActiveLoop(None)] if tracker.active_loop.get("name") else []
