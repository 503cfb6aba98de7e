"""The public conversation API (`uvicorn bot.web.app:app`), as in docs/api.md.

Requests are parsed by hand rather than by FastAPI's models so that every kind of bad input
(invalid JSON, wrong types, huge bodies) gets our JSON error in the person's language.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text as sql_text
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.channels.telegram.web import HOW_TO_ENABLE, telegram_service, telegram_webhook_routes
from bot.content.catalogue import ResponseCatalogue
from bot.content.model import Lang
from bot.conversations import errors
from bot.conversations.events import EventHub
from bot.conversations.peer_relay import PeerDesk
from bot.conversations.rasa_client import RasaClient
from bot.conversations.router import ConversationRouter, Turn
from bot.directory.seed import refresh_occurrences
from bot.logging_setup import configure_logging
from bot.settings import ROOT, Settings, get_settings
from bot.store.db import get_engine, get_sessionmaker
from bot.web.person_stream import person_stream_routes
from bot.web.staff import staff_routes
from bot.web.widget_routes import mount_widget, widget_routes

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024


def turn_body(turn: Turn) -> dict[str, Any]:
    return {
        "conversation_id": turn.conversation_id,
        "language": turn.language,
        "state": turn.state,
        "messages": [m.as_dict() for m in turn.messages],
    }


def create_app(
    settings: Settings | None = None,
    rasa_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    configure_logging()
    catalogue = ResponseCatalogue(settings.data_dir, get_sessionmaker(settings.database_url))
    rasa = RasaClient(settings.rasa_base_url, settings.rasa_timeout_seconds, rasa_transport)
    sessions = get_sessionmaker(settings.database_url)
    desk = PeerDesk(sessions, catalogue, EventHub(), settings)
    router = ConversationRouter(
        sessions,
        catalogue,
        rasa,
        ROOT / "domain",
        desk,
        settings.max_message_chars,
        actions_health_url=f"http://127.0.0.1:{settings.actions_port}/health",
    )
    # Optional: Telegram for people and for the staff group, one bot for both.
    telegram = telegram_service(settings, router, catalogue, desk, sessions)

    async def watch_handoffs() -> None:
        # Tells people who have waited too long, and re-queues chats whose supporter has
        # gone; both are database scans, so a restarted process simply carries on.
        while True:
            await asyncio.sleep(settings.watchdog_interval_seconds)
            try:
                await desk.sweep()
            except SQLAlchemyError as exc:
                log.warning("handoff watchdog failed: %s", type(exc).__name__)

    async def keep_sessions_expanded() -> None:
        # Weekly and monthly groups are expanded into dated sessions months ahead; extend
        # them daily so a long-running server never runs out of upcoming dates.
        while True:
            try:
                await asyncio.to_thread(
                    refresh_occurrences, get_sessionmaker(settings.database_url)
                )
            except SQLAlchemyError as exc:
                log.warning("could not extend session dates: %s", type(exc).__name__)
            await asyncio.sleep(24 * 3600)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        refresher = asyncio.create_task(keep_sessions_expanded())
        watchdog = asyncio.create_task(watch_handoffs())
        rasa.start_warming()
        # Telegram runs here because the EventHub is in-process, and it connects in the
        # background, so an unreachable Telegram never stops the web.
        if telegram is not None:
            await telegram.start()
        elif not settings.telegram_bot_token:
            log.info(HOW_TO_ENABLE)
        yield
        if telegram is not None:
            await telegram.stop()
        refresher.cancel()
        watchdog.cancel()
        await rasa.aclose()

    app = FastAPI(
        title="Cymar conversation API",
        version="1",
        lifespan=lifespan,
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.state.router = router
    app.state.catalogue = catalogue
    app.state.desk = desk
    app.include_router(person_stream_routes(router, desk))
    if telegram is not None and telegram.webhook:
        app.include_router(telegram_webhook_routes(telegram, settings))
    app.include_router(staff_routes(sessions, desk, settings.data_dir, settings.secure_cookies))
    app.mount(
        "/staff/static",
        StaticFiles(directory=Path(__file__).parent / "static"),
        name="staff-static",
    )
    app.include_router(widget_routes(settings, catalogue))
    mount_widget(app)

    def error_response(exc: errors.ConversationError) -> JSONResponse:
        language: Lang | None = exc.language if exc.language in ("cy", "en") else None  # type: ignore[assignment]
        messages = catalogue.render_for(exc.key, language, exc.values)
        body: dict[str, Any] = {
            "error": {
                "code": exc.code,
                # While the language is unknown the message is Welsh, then English.
                "message": "\n\n".join(m.text for m in messages),
                "lang": language,
            }
        }
        return JSONResponse(body, status_code=exc.status)

    @app.exception_handler(errors.ConversationError)
    async def conversation_error(_request: Request, exc: errors.ConversationError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return error_response(errors.ConversationNotFound(None))
        err = errors.InvalidRequest(None)
        err.status = exc.status_code if 400 <= exc.status_code < 500 else 400
        return error_response(err)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, _exc: RequestValidationError) -> JSONResponse:
        return error_response(errors.InvalidRequest(None))

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error: %s", type(exc).__name__)
        return JSONResponse(
            {
                "error": {
                    "code": "internal_error",
                    "message": "Mae rhywbeth wedi mynd o'i le. Rhowch gynnig arall arni.\n\n"
                    "Something went wrong. Please try again.",
                    "lang": None,
                }
            },
            status_code=500,
        )

    async def read_json(request: Request, language: str | None = None) -> dict[str, Any]:
        raw = await request.body()
        if len(raw) > MAX_BODY_BYTES:
            raise errors.MessageTooLong(language, max_chars=settings.max_message_chars)
        if not raw.strip():
            return {}
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise errors.InvalidRequest(language) from exc
        if not isinstance(body, dict):
            raise errors.InvalidRequest(language)
        return body

    @app.post("/api/conversations", status_code=201)
    async def create_conversation(request: Request) -> JSONResponse:
        body = await read_json(request)
        language = body.get("language")
        if language is not None and language not in ("cy", "en"):
            raise errors.InvalidRequest(None)
        channel = body.get("channel", "web")
        if channel not in ("web", "api"):
            raise errors.InvalidRequest(language)
        turn = router.start(channel=channel, language=language)
        return JSONResponse(turn_body(turn), status_code=201)

    @app.get("/api/conversations/{conversation_id}")
    async def get_conversation(conversation_id: str, request: Request) -> dict[str, Any]:
        raw_after = request.query_params.get("after_seq", "0")
        if not raw_after.isdigit() or len(raw_after) > 9:
            raise errors.InvalidRequest(router.language_of(conversation_id))
        turn = router.get(conversation_id, after_seq=int(raw_after))
        # Reading the conversation is receiving it: the supporter sees "delivered".
        last = max((m.seq or 0 for m in turn.messages), default=0)
        if last:
            await desk.mark_seen(conversation_id, last)
        return turn_body(turn)

    @app.post("/api/conversations/{conversation_id}/messages")
    async def post_message(conversation_id: str, request: Request) -> dict[str, Any]:
        language = router.language_of(conversation_id)
        body = await read_json(request, language)
        text, payload = body.get("text"), body.get("payload")
        client_message_id = body.get("client_message_id")
        if (text is None) == (payload is None):
            # Exactly one of text or payload; an empty body is an empty message.
            if text is None and payload is None:
                raise errors.EmptyMessage(language)
            raise errors.InvalidRequest(language)
        if not isinstance(text if text is not None else payload, str):
            raise errors.InvalidRequest(language)
        if client_message_id is not None and (
            not isinstance(client_message_id, str) or not 0 < len(client_message_id) <= 64
        ):
            raise errors.InvalidRequest(language)
        turn = await router.handle(conversation_id, text, payload, client_message_id)
        return turn_body(turn)

    @app.get("/api/health")
    async def health() -> JSONResponse:
        checks = {
            "router": True,
            "database": _database_ok(settings),
            "rasa": await rasa.healthy(),
            "actions": await _http_ok(f"http://127.0.0.1:{settings.actions_port}/health"),
            "nlg": await _http_ok(f"http://127.0.0.1:{settings.nlg_port}/health"),
        }
        ok = all(checks.values())
        return JSONResponse(
            {"status": "ok" if ok else "degraded", "checks": checks},
            status_code=200 if ok else 503,
        )

    return app


def _database_ok(settings: Settings) -> bool:
    try:
        with get_engine(settings.database_url).connect() as conn:
            conn.execute(sql_text("SELECT 1"))
        return True
    except Exception:  # any failure means "not healthy", never a 500
        return False


async def _http_ok(url: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=1.0) as client:
            return (await client.get(url)).status_code == 200
    except httpx.HTTPError:
        return False
