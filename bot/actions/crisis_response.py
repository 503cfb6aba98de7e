"""`crisis`: the crisis numbers at once, in the person's language, ending any form.

When the safety detector flags the message (CrisisOverride then sets this intent), or the
person pressed a crisis button, the full crisis reply. When only DIET guessed `crisis`,
the message is as often an idiom ("my phone died", "mae'r planhigyn wedi marw") as a way
of saying it the rules miss, so the person gets a check-in that still gives the numbers
but does not assume.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.safety import assess

CRISIS = "utter_crisis"
CHECK_IN = "utter_crisis_check_in"


def crisis_reply(text: str) -> str:
    """The response key for a message that got the `crisis` intent."""
    if not text or text.startswith("/") or assess(text).at_risk:
        return CRISIS
    return CHECK_IN


class ActionCrisisResponse(Action):
    def name(self) -> str:
        return "action_crisis_response"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        # The NLG endpoint fills {crisis_lines} from the database (with a built-in fallback).
        dispatcher.utter_message(
            response=crisis_reply(str(tracker.latest_message.get("text") or ""))
        )
        # Whatever form was running, it must not ask its next question over the crisis reply.
        return [ActiveLoop(None)] if tracker.active_loop.get("name") else []
