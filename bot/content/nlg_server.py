"""The NLG endpoint (`uvicorn --factory bot.content.nlg_server:create_app`), for Rasa only."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from bot.content.catalogue import ResponseCatalogue, UnknownResponse
from bot.content.nlg import nlg_response
from bot.logging_setup import configure_logging
from bot.settings import get_settings
from bot.store.db import get_sessionmaker

log = logging.getLogger(__name__)


def create_app(catalogue: ResponseCatalogue | None = None) -> FastAPI:
    configure_logging()
    settings = get_settings()
    app = FastAPI(title="Cymar NLG endpoint", docs_url=None, redoc_url=None)
    app.state.catalogue = catalogue or ResponseCatalogue(
        settings.data_dir, get_sessionmaker(settings.database_url)
    )

    @app.post("/nlg")
    async def nlg(request: Request) -> JSONResponse:
        try:
            body: Any = await request.json()
        except ValueError:
            return JSONResponse({"error": "invalid JSON"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "expected an object"}, status_code=400)
        try:
            return JSONResponse(nlg_response(app.state.catalogue, body))
        except UnknownResponse as exc:
            # Rasa logs the failed action; the router then answers with its fallback.
            log.error("no response text for key %s", exc.args[0])
            return JSONResponse({"error": "unknown response"}, status_code=404)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
