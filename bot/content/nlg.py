"""Rasa's NLG endpoint: Rasa names a response, we answer with the published text in the
conversation's language.

The router tells Rasa the conversation language in each message's metadata; Rasa sends the
tracker (with those events) to us. For Rasa's own REST channel (the router) we answer with
structured messages in a `custom` payload, because one NLG call may need two bubbles
(Welsh then English while the language is unknown) and each bubble needs its `lang`. Other
channels (`rasa shell`, `rasa test`) get plain text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.content.catalogue import ResponseCatalogue
from bot.content.model import Lang, as_lang
from bot.language import detect

# The key under `custom` that the router looks for.
CUSTOM_KEY = "cymar"
ROUTER_CHANNEL = "rest"



def conversation_language(body: Mapping[str, Any]) -> tuple[Lang | None, bool]:
    """(language, known): from the action's arguments, else the latest user metadata.

    `known` is False when nobody said; then the language of the latest text is detected,
    which only matters for developer channels.
    """
    arguments = body.get("arguments") or {}
    if as_lang(arguments.get("language")):
        return as_lang(arguments["language"]), True
    tracker = body.get("tracker") or {}
    for event in reversed(tracker.get("events") or []):
        if event.get("event") != "user":
            continue
        metadata = event.get("metadata") or {}
        if "language" in metadata:
            return as_lang(metadata["language"]), True
        break
    latest = (tracker.get("latest_message") or {}).get("text") or ""
    return detect(latest).lang, False


def nlg_response(catalogue: ResponseCatalogue, body: Mapping[str, Any]) -> dict[str, Any]:
    key = str(body.get("response") or "")
    arguments = {k: v for k, v in (body.get("arguments") or {}).items() if k != "language"}
    language, _known = conversation_language(body)
    messages = catalogue.render_for(key, language, arguments)
    channel = (body.get("channel") or {}).get("name")
    if channel == ROUTER_CHANNEL:
        return {
            "text": None,
            "custom": {CUSTOM_KEY: {"key": key, "messages": [m.as_dict() for m in messages]}},
        }
    return {
        "text": "\n\n".join(m.text for m in messages),
        "buttons": [b.as_dict() for b in messages[-1].buttons],
    }
