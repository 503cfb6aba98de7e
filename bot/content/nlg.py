"""Rasa's NLG endpoint: Rasa names a response, we answer with the published text in the
conversation's language.

The router tells Rasa the conversation language in each message's metadata; Rasa sends the
tracker (with those events) to us. For the router's messages we answer with
structured messages in a `custom` payload, because one NLG call may need two bubbles
(Welsh then English while the language is unknown) and each bubble needs its `lang`.
Requests that did not come through the router (`rasa shell`) get plain text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.content.catalogue import ResponseCatalogue
from bot.content.model import Lang, as_lang
from bot.language import detect

# The key under `custom` that the router looks for.
CUSTOM_KEY = "cymar"
# Rasa's NLG client (bot/nlu/fallback_nlg.py, which cannot import this module) names a
# response under this key when this endpoint is down; the router renders it.
RENDER_KEY = "cymar_render"


def conversation_language(body: Mapping[str, Any]) -> tuple[Lang | None, bool]:
    """(language, from_router) for an NLG request.

    The router puts `language` in every message's metadata (None while unknown), so its
    presence on the latest user event says the request comes from our router. An action may
    name a language explicitly (`action_switch_language` does). Otherwise (`rasa shell`)
    the language of the latest text is detected.
    """
    tracker = body.get("tracker") or {}
    from_router, language = False, None
    for event in reversed(tracker.get("events") or []):
        if event.get("event") != "user":
            continue
        metadata = event.get("metadata") or {}
        if "language" in metadata:
            from_router, language = True, as_lang(metadata["language"])
        break
    requested = as_lang((body.get("arguments") or {}).get("language"))
    if requested is not None:
        return requested, from_router
    if not from_router:
        language = detect((tracker.get("latest_message") or {}).get("text") or "").lang
    return language, from_router


def nlg_response(catalogue: ResponseCatalogue, body: Mapping[str, Any]) -> dict[str, Any]:
    key = str(body.get("response") or "")
    arguments = {k: v for k, v in (body.get("arguments") or {}).items() if k != "language"}
    language, from_router = conversation_language(body)
    messages = catalogue.render_for(key, language, arguments)
    if from_router:
        # No "text" key at all: Rasa's schema refuses a null text.
        return {"custom": {CUSTOM_KEY: {"key": key, "messages": [m.as_dict() for m in messages]}}}
    return {
        "text": "\n\n".join(m.text for m in messages),
        "buttons": [b.as_dict() for b in messages[-1].buttons],
    }
