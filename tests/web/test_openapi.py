"""The published API description is accurate, and property-based fuzzing against it (with
schemathesis) finds no 5xx, no stack trace and no answer that breaks the description; the
service still holds a normal conversation afterwards.

`make test` runs a bounded number of examples; `make fuzz` runs many more
(FUZZ_EXAMPLES=500).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.stateful import run_state_machine_as_test

from bot.content.catalogue import ResponseCatalogue
from bot.settings import Settings
from bot.web.app import create_app
from tests.fakes import FakeRasa

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))


@pytest.fixture
def healthy_port() -> Iterator[int]:
    """Stands in for the action server and the NLG endpoint: /health answers 200."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/health" else 404)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


@pytest.fixture
def app(settings: Settings, catalogue: ResponseCatalogue, healthy_port: int) -> Iterator[FastAPI]:
    fake = FakeRasa(catalogue, {"what can you do": ["utter_what_can_you_do"]})
    # Generous limits: the fuzzer is one client sending as fast as it can. Every part
    # "answers", so /api/health is 200 and any 5xx is a real failure.
    roomy = settings.model_copy(
        update={
            "rate_limit_conversation_burst": 10_000,
            "rate_limit_client_burst": 10_000,
            "actions_port": healthy_port,
            "nlg_port": healthy_port,
        }
    )
    yield create_app(roomy, fake.transport())


# Data that fits the description may still be refused, as docs/api.md says: a payload that
# names no known intent or an empty text (422), text over 2,000 characters (413).
CONFIG = """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "401", "403", "404", "409", "413", "422", "429"]
"""


@pytest.fixture
def api_schema(app: FastAPI) -> schemathesis.BaseSchema:
    config = schemathesis.Config.from_str(CONFIG)
    return schemathesis.openapi.from_asgi("/api/openapi.json", app, config=config)


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode))
def test_no_input_breaks_the_api_or_its_description(
    api_schema: schemathesis.BaseSchema, mode: schemathesis.GenerationMode
) -> None:
    """Every operation, with data that fits the description (positive) and that does not
    (negative: it must be refused with a 4xx, in our error shape)."""
    tried = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def exercise(case: schemathesis.Case) -> None:
            response = case.call_and_validate()
            assert response.status_code < 500, response.text
            assert "Traceback" not in response.text

        try:
            exercise()
        except Unsatisfiable:
            # Nothing about it can be invalid (GET /api/health takes no input).
            assert mode == schemathesis.GenerationMode.NEGATIVE, operation.label
            continue
        tried.append(operation.label)
    assert len(tried) >= (6 if mode == schemathesis.GenerationMode.POSITIVE else 5), tried


def test_sequences_that_follow_the_links_break_nothing(api_schema: schemathesis.BaseSchema) -> None:
    """Stateful: start a conversation, then read it and send to it (the description's
    links), so the fuzzer also reaches real conversations, not only unknown ids."""
    workflow = api_schema.as_state_machine()
    run_state_machine_as_test(
        workflow,
        settings=settings(
            max_examples=max(5, EXAMPLES // 5),
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )


def test_every_public_route_is_described_and_nothing_else(app: FastAPI) -> None:
    # What FastAPI itself finds among the routes (including the included routers').
    generated = get_openapi(title="routes", version="0", routes=app.routes)["paths"]
    served = {
        (path, method)
        for path, operations in generated.items()
        if path.startswith("/api/")
        for method in operations
    }
    described = {
        (path, method)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }
    assert described == served
    assert app.openapi()["paths"]["/api/conversations"]["post"]["requestBody"]


def test_after_fuzzing_a_normal_conversation_still_works(app: FastAPI) -> None:
    with TestClient(app) as client:
        # A burst of the kinds of bad input the fuzzer sends, then a person as usual.
        for body in (b"\xff\xfe", b"[]", b'{"text": 5}', b'{"text": "\\u0000"}', b"{" * 5000):
            assert client.post("/api/conversations", content=body).status_code < 500
        started = client.post("/api/conversations", json={"language": "en"})
        assert started.status_code == 201
        cid = started.json()["conversation_id"]
        reply = client.post(f"/api/conversations/{cid}/messages", json={"text": "what can you do"})
        assert reply.status_code == 200 and reply.json()["messages"][0]["lang"] == "en"
        assert client.get("/api/health").status_code == 200
