"""Rasa's NLG client, with a fallback for when our NLG endpoint cannot answer.

Loaded by Rasa from `endpoints.yml` (`nlg: type: bot.nlu.fallback_nlg.NLGWithFallback`);
runs in the Rasa environment, so it imports only Rasa, the standard library and bot.nlu.

Rasa's own callback NLG raises when the endpoint is down; Rasa then logs the failed action
and carries on without its message, so the person would get an empty turn (measured: every
reply lost while the NLG process is stopped). Instead, when the endpoint is unreachable,
times out or fails with a server error, this answers with a note naming the response and its
arguments. The router, which has the same catalogue (published text from the database, else
the packaged YAML in `data/responses_*`), renders the note in the conversation's language,
buttons included. Requests that did not come through the router (`rasa shell`) get the
domain's own text instead.

After a failure the endpoint is left alone for a few seconds, so a hung NLG process costs
one short timeout per turn, not one per message of every turn.
"""

import asyncio
import logging
import time
from typing import Any, Dict, Optional, Text

import aiohttp
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot.nlu.response_checks import check_nlg_response

logger = logging.getLogger(__name__)

# The router looks for this key under `custom` (bot/conversations/router.py).
RENDER_KEY = "cymar_render"
DEFAULT_TIMEOUT_SECONDS = 1.0
DEFAULT_RETRY_AFTER_SECONDS = 5.0
# What Rasa passes that is not an argument of the response.
NOT_ARGUMENTS = ("domain_responses", "response_id")


def from_router(tracker: DialogueStateTracker) -> bool:
    """The router puts `language` in every message's metadata (None while unknown)."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return "language" in (event.metadata or {})
    return False


def render_note(response: Text, arguments: Dict[Text, Any]) -> Dict[Text, Any]:
    kept = {k: v for k, v in arguments.items() if k not in NOT_ARGUMENTS and v is not None}
    return {"custom": {RENDER_KEY: {"key": response, "arguments": kept}}}


class NLGWithFallback(CallbackNaturalLanguageGenerator):
    def __init__(self, endpoint_config: EndpointConfig, domain: Optional[Domain] = None) -> None:
        super().__init__(endpoint_config)
        options = endpoint_config.kwargs
        self.timeout = float(options.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS))
        self.retry_after = float(options.get("retry_after_seconds", DEFAULT_RETRY_AFTER_SECONDS))
        self.templated = TemplatedNaturalLanguageGenerator(
            domain.responses if domain is not None else {}
        )
        self.skip_until = 0.0

    # Rasa's check of each reply, with its validator built once (bot/nlu/response_checks.py).
    validate_response = staticmethod(check_nlg_response)

    async def generate(
        self,
        utter_action: Text,
        tracker: DialogueStateTracker,
        output_channel: Text,
        **kwargs: Any,
    ) -> Optional[Dict[Text, Any]]:
        if time.monotonic() >= self.skip_until:
            try:
                # A copy: the callback generator pops and adds keys in what it is given.
                return await asyncio.wait_for(
                    super().generate(utter_action, tracker, output_channel, **dict(kwargs)),
                    self.timeout,
                )
            except ClientResponseError as exc:
                if exc.status < 500:
                    raise  # the endpoint answered: an unknown key is not an outage
                logger.warning("NLG endpoint failed (%s); the router renders", exc.status)
            except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as exc:
                logger.warning(
                    "NLG endpoint unreachable (%s); the router renders", type(exc).__name__
                )
            self.skip_until = time.monotonic() + self.retry_after
        if from_router(tracker):
            return render_note(utter_action, kwargs)
        return await self.templated.generate(utter_action, tracker, output_channel, **kwargs)
