"""Rasa still refuses a malformed action server or NLG reply after its checks were made cheap
(bot/nlu/response_checks.py), and still takes every reply our own servers give."""

from __future__ import annotations

from tests.rasa_env import run_in_rasa

# In Rasa's environment, as `rasa run` has it after bot/ops/rasa_entry.py's prepare().
CHECKS = """
import json
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.exceptions import RasaException
from bot.ops.rasa_entry import prepare
from bot.nlu.fallback_nlg import NLGWithFallback
prepare()
action = RemoteAction("action_answer_faq", None)

def action_ok(reply):
    try:
        return action._validate_action_result(reply)
    except ValidationError as e:
        return "refused: " + e.message

def nlg_ok(reply):
    try:
        return NLGWithFallback.validate_response(reply)
    except RasaException as e:
        return "refused: " + str(e)

print(json.dumps({
    "action_good": action_ok({"events": [
        {"event": "slot", "timestamp": None, "name": "topic", "value": "recovery_college"},
        {"event": "followup", "timestamp": None, "name": "action_listen"}],
        "responses": [{"text": "Helo", "buttons": [{"title": "Iawn", "payload": "/affirm"}]}]}),
    "action_unknown_event": action_ok({"events": [{"event": "no_such_event"}], "responses": []}),
    "action_slot_without_name": action_ok({"events": [{"event": "slot", "value": 1}]}),
    "action_responses_not_list": action_ok({"events": [], "responses": "Helo"}),
    "nlg_good": nlg_ok({"text": "Helo", "buttons": [{"title": "Iawn", "payload": "/affirm"}],
                        "custom": {"lang": "cy"}}),
    "nlg_nothing": nlg_ok(None),
    "nlg_buttons_not_list": nlg_ok({"text": "Helo", "buttons": "Iawn"}),
}))
"""


def test_malformed_replies_are_still_refused_and_good_ones_taken() -> None:
    result = run_in_rasa(CHECKS)
    assert result["action_good"] is True
    assert result["nlg_good"] is True and result["nlg_nothing"] is True
    for refused in (
        "action_unknown_event",
        "action_slot_without_name",
        "action_responses_not_list",
    ):
        assert str(result[refused]).startswith("refused: "), refused
        assert "Action endpoint" in str(result[refused])
    assert str(result["nlg_buttons_not_list"]).startswith("refused: ")
    assert "NLG" in str(result["nlg_buttons_not_list"])
