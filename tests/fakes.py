"""A stand-in for Rasa's REST channel in unit tests (the e2e tests use the real Rasa).

It answers the way Rasa does with our NLG endpoint: each response key is rendered by the real
`nlg_response`, so the router sees exactly the payloads production Rasa sends.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from bot.content.catalogue import ResponseCatalogue
from bot.content.nlg import RENDER_KEY, nlg_response


class FakeRasa:
    def __init__(self, catalogue: ResponseCatalogue, answers: dict[str, list[str]] | None = None):
        self.catalogue = catalogue
        self.answers = answers or {}
        self.received: list[dict[str, Any]] = []
        self.down = False
        # Rasa's NLG client (bot/nlu/fallback_nlg.py) with the NLG endpoint down: it names
        # each response for the router to render instead of sending its text.
        self.nlg_down = False
        # Runs while Rasa is "thinking", e.g. to make the database fail mid-turn.
        self.during_turn: Callable[[], None] | None = None

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("rasa is down", request=request)
        if request.method == "GET":
            return httpx.Response(200, text="Hello from Rasa: 3.6.21")
        body = json.loads(request.content)
        self.received.append(body)
        if self.during_turn is not None:
            self.during_turn()
        message: str = body["message"]
        out: list[dict[str, Any]] = []
        if message.startswith("/choose_language") and message not in self.answers:
            language = json.loads(message[len("/choose_language") :])["language"]
            out.append({"recipient_id": body["sender"], "custom": {"set_language": language}})
            out.append(self._render(body, "utter_language_chosen", {"language": language}))
            return httpx.Response(200, json=out)
        for key in self.answers.get(message, ["utter_default"]):
            out.append(self._render(body, key, {}))
        return httpx.Response(200, json=out)

    def _render(self, body: dict[str, Any], key: str, arguments: dict[str, Any]) -> dict[str, Any]:
        if self.nlg_down and "language" in (body.get("metadata") or {}):
            note = {"key": key, "arguments": arguments}
            return {"recipient_id": body["sender"], "custom": {RENDER_KEY: note}}
        nlg_body = {
            "response": key,
            "arguments": arguments,
            "tracker": {
                "events": [{"event": "user", "metadata": body.get("metadata") or {}}],
                "latest_message": {"text": body["message"]},
            },
            "channel": {"name": "rest"},
        }
        return {"recipient_id": body["sender"], **nlg_response(self.catalogue, nlg_body)}
