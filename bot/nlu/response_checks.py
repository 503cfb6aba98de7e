"""Rasa's checks on what the action server and the NLG endpoint send back, made cheap.

Rasa validates every action server reply and every NLG reply with `jsonschema.validate`,
which first checks the schema itself against JSON Schema's meta-schema and builds a new
validator, on every call. Profiled under load (py-spy on the Rasa process, closed loop
through the whole stack), that was a third of Rasa's CPU: about 40 ms for one action
server reply, against 1 ms with a validator built once (jsonschema 4.17). The schemas are
Rasa's own constants, so the same checks run here against validators built once per
schema: a malformed reply is still refused, with Rasa's own error.

Runs in the Rasa environment: Rasa and its dependency jsonschema only.
`install()` is called by bot/ops/rasa_entry.py before Rasa starts; the NLG client
(bot/nlu/fallback_nlg.py) uses `check_nlg_response` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import ValidationError, validators
from jsonschema.protocols import Validator
from rasa.core.actions.action import RemoteAction
from rasa.core.nlg.callback import nlg_response_format_spec
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.exceptions import RasaException


@lru_cache(maxsize=None)
def validator(spec: Callable[[], Dict[Text, Any]]) -> Validator:
    """The validator for one of Rasa's schema functions, built the first time it is needed."""
    schema = spec()
    return validators.validator_for(schema)(schema)


def check_action_result(_action: RemoteAction, result: Dict[Text, Any]) -> bool:
    """RemoteAction._validate_action_result, with the validator built once."""
    try:
        validator(RemoteAction.action_response_format_spec).validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your "
            "response from the Action endpoint is valid. For more information about "
            f"the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


def check_nlg_response(content: Any) -> bool:
    """CallbackNaturalLanguageGenerator.validate_response, with the validator built once."""
    if content is None or content == "":
        return True  # the endpoint chose not to answer: Rasa's own rule
    try:
        validator(nlg_response_format_spec).validate(content)
        return True
    except ValidationError as e:
        raise RasaException(
            f"{e.message}. Failed to validate NLG response from API, make sure your "
            "response from the NLG endpoint is valid. For more information about the format "
            "please consult the `nlg_response_format_spec` function from this same module: "
            "https://github.com/RasaHQ/rasa/blob/main/rasa/core/nlg/callback.py"
        ) from e


def install() -> None:
    """Replace Rasa's per-call check of action server replies with the cached one."""
    RemoteAction._validate_action_result = check_action_result
