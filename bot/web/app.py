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
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text as sql_text
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware

from bot.channels.telegram.service import MAX_WEBHOOK_BYTES, webhook_path
from bot.channels.telegram.web import HOW_TO_ENABLE, telegram_service, telegram_webhook_routes
from bot.content.catalogue import ResponseCatalogue
from bot.content.model import Lang
from bot.conversations import errors
from bot.conversations.events import make_event_hub
from bot.conversations.peer_relay import PeerDesk
from bot.conversations.rasa_client import RasaClient, TroubleRate
from bot.conversations.router import ConversationRouter, Turn
from bot.conversations.turn_locks import make_turn_locks
from bot.directory.seed import refresh_occurrences
from bot.logging_setup import configure_logging
from bot.ops.lease import Lease, run_while_holding
from bot.privacy.erasure import forget_conversation
from bot.privacy.holder import bearer_token, is_holder, new_holder_token
from bot.safety import assess
from bot.settings import ROOT, Settings, get_settings
from bot.store.db import get_engine, get_sessionmaker
from bot.store.models import Conversation
from bot.web import staff_directory_import
from bot.web.openapi import describe_api
from bot.web.person_stream import person_stream_routes
from bot.web.ratelimit import make_limiter, retry_after_header
from bot.web.security import (
    OriginPolicy,
    SecurityHeaders,
    SurfaceGuard,
    client_address,
    per_address_limit_applies,
)
from bot.web.staff_app import install_staff_app
from bot.web.widget_routes import mount_widget, widget_routes

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024
SESSION_DATES_RETRY_SECONDS = 60


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
    rasa = RasaClient(
        settings.rasa_base_url,
        settings.rasa_timeout_seconds,
        rasa_transport,
        max_in_flight=settings.rasa_max_in_flight,
        trouble=TroubleRate(
            settings.rasa_trouble_window_seconds, settings.rasa_trouble_alert_share
        ),
    )
    sessions = get_sessionmaker(settings.database_url)
    # In-process, or Redis pub/sub and Redis turn locks when REDIS_URL is set (several web
    # instances, any of which may serve any request).
    hub = make_event_hub(settings)
    turn_locks = make_turn_locks(settings)
    desk = PeerDesk(sessions, catalogue, hub, settings)
    router = ConversationRouter(
        sessions,
        catalogue,
        rasa,
        ROOT / "domain",
        desk,
        settings.max_message_chars,
        actions_health_url=f"{settings.actions_base_url}/health",
        turn_locks=turn_locks,
    )
    # Optional: Telegram for people and for the staff group, one bot for both.
    telegram = (
        telegram_service(settings, router, catalogue, desk, sessions)
        if settings.run_telegram
        else None
    )
    limiter = make_limiter(settings)
    origins = OriginPolicy(settings.allowed_origins)
    started = asyncio.Event()

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
        # A failure (the database down as the process starts) is retried in a minute, not
        # a day, or the bot could go a day without next week's dates.
        while True:
            try:
                await asyncio.to_thread(
                    refresh_occurrences, get_sessionmaker(settings.database_url)
                )
            except SQLAlchemyError as exc:
                log.warning("could not extend session dates: %s", type(exc).__name__)
                await asyncio.sleep(SESSION_DATES_RETRY_SECONDS)
                continue
            await asyncio.sleep(24 * 3600)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await hub.start()
        # Every instance runs both: they are safe to run at once (see PeerDesk.sweep and
        # refresh_occurrences), so no instance is special.
        refresher = asyncio.create_task(keep_sessions_expanded())
        watchdog = asyncio.create_task(watch_handoffs())
        rasa.start_warming()
        # Telegram connects in the background, so an unreachable Telegram never stops the
        # web. One process may poll a bot: with Redis, the instance holding the lease.
        leader: asyncio.Task[None] | None = None
        if telegram is not None and settings.redis_url:
            lease = Lease(settings.redis_url, f"{settings.redis_key_prefix}:lease:telegram")
            leader = asyncio.create_task(run_while_holding(lease, telegram.start, telegram.stop))
        elif telegram is not None:
            await telegram.start()
        elif not settings.telegram_bot_token:
            log.info(HOW_TO_ENABLE)
        started.set()
        yield
        started.clear()
        if leader is not None:
            leader.cancel()
            await asyncio.gather(leader, return_exceptions=True)
        elif telegram is not None:
            await telegram.stop()
        refresher.cancel()
        watchdog.cancel()
        await rasa.aclose()
        await limiter.aclose()
        await turn_locks.aclose()
        await hub.stop()

    app = FastAPI(
        title="Cymar conversation API",
        version="1",
        lifespan=lifespan,
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )

    def public_description() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = describe_api(app.title, app.version)
        return app.openapi_schema

    app.openapi = public_description  # type: ignore[method-assign]
    app.state.router = router
    app.state.catalogue = catalogue
    app.state.desk = desk

    # Outermost last: headers on everything, CORS for the allowed sites, then the guards.
    app.add_middleware(
        SurfaceGuard,
        origins=origins,
        limiter=limiter,
        client_burst=settings.rate_limit_client_burst,
        client_per_minute=settings.rate_limit_client_per_minute,
        # The staff app's CSV upload is the one staff form larger than the default.
        body_limits={
            webhook_path(settings): MAX_WEBHOOK_BYTES,
            **staff_directory_import.BODY_LIMITS,
        },
        error_response=lambda exc: error_response(exc),
    )
    if origins.any or origins.allowed:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["*"] if origins.any else sorted(origins.allowed),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["content-type", "authorization"],
            expose_headers=["Retry-After"],
            max_age=600,
        )
    app.add_middleware(SecurityHeaders)

    def error_response(exc: errors.ConversationError) -> JSONResponse:
        language: Lang | None = exc.language if exc.language in ("cy", "en") else None  # type: ignore[assignment]
        values = {"retention_days": settings.retention_days, **exc.values}
        messages = catalogue.render_for(exc.key, language, values)
        body: dict[str, Any] = {
            "error": {
                "code": exc.code,
                # While the language is unknown the message is Welsh, then English.
                "message": "\n\n".join(m.text for m in messages),
                "lang": language,
            }
        }
        headers = (
            {"Retry-After": str(exc.retry_after)} if isinstance(exc, errors.RateLimited) else None
        )
        return JSONResponse(body, status_code=exc.status, headers=headers)

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

    async def read_json(
        request: Request, language: str | None = None, *, is_message: bool = False
    ) -> dict[str, Any]:
        try:
            raw = await request.body()
        except errors.RequestTooLarge as exc:
            if not is_message:
                raise
            raise errors.MessageTooLong(language, max_chars=settings.max_message_chars) from exc
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
        # Only the creator gets this; deleting the conversation needs it (bot/privacy/holder.py).
        token, token_hash = new_holder_token()
        # The write waits in a worker thread (SQLite's lock, a commit's fsync, PostgreSQL's
        # round trips), never on the event loop that every other person's request shares.
        turn = await asyncio.to_thread(
            router.start, channel=channel, language=language, holder_token_hash=token_hash
        )
        body = turn_body(turn)
        body["conversation_token"] = token
        return JSONResponse(body, status_code=201)

    @app.get("/api/conversations/{conversation_id}")
    async def get_conversation(conversation_id: str, request: Request) -> dict[str, Any]:
        raw_after = request.query_params.get("after_seq", "0")
        if not raw_after.isdigit() or len(raw_after) > 9:
            language = await asyncio.to_thread(router.language_of, conversation_id)
            raise errors.InvalidRequest(language)
        turn = await asyncio.to_thread(router.get, conversation_id, int(raw_after))
        # Reading the conversation is receiving it: the supporter sees "delivered".
        last = max((m.seq or 0 for m in turn.messages), default=0)
        if last:
            await desk.mark_seen(conversation_id, last)
        return turn_body(turn)

    @app.post("/api/conversations/{conversation_id}/messages")
    async def post_message(conversation_id: str, request: Request) -> dict[str, Any]:
        # Read before the rate limits on purpose: while the database is down the widget
        # resends, and messages that could not be accepted must not spend the person's
        # budget (the read fails first). It also words every refusal in their language.
        language = await asyncio.to_thread(router.language_of, conversation_id)
        try:
            text, payload, client_message_id = await read_message(request)
            await hold_back_if_too_fast(request, conversation_id, text)
        except errors.ConversationError as problem:
            problem.language = language
            raise
        turn = await router.handle(conversation_id, text, payload, client_message_id)
        return turn_body(turn)

    async def read_message(request: Request) -> tuple[str | None, str | None, str | None]:
        """Text or payload (exactly one) and the client's message id, or the reason not."""
        body = await read_json(request, is_message=True)
        text, payload = body.get("text"), body.get("payload")
        client_message_id = body.get("client_message_id")
        if (text is None) == (payload is None):
            # Exactly one of text or payload; an empty body is an empty message.
            if text is None and payload is None:
                raise errors.EmptyMessage()
            raise errors.InvalidRequest()
        if not isinstance(text if text is not None else payload, str):
            raise errors.InvalidRequest()
        if client_message_id is not None and (
            not isinstance(client_message_id, str) or not 0 < len(client_message_id) <= 64
        ):
            raise errors.InvalidRequest()
        return text, payload, client_message_id

    async def hold_back_if_too_fast(
        request: Request, conversation_id: str, text: str | None
    ) -> None:
        """Rate limits per conversation and per address; a message showing risk always goes."""
        wait = await limiter.wait_needed(
            "conv:" + conversation_id,
            settings.rate_limit_conversation_burst,
            settings.rate_limit_conversation_per_minute,
        )
        address = client_address(request.scope)
        if per_address_limit_applies(address):
            by_address = await limiter.wait_needed(
                "addr:" + address,
                settings.rate_limit_client_burst,
                settings.rate_limit_client_per_minute,
            )
            wait = max(wait, by_address)
        if wait <= 0 or (text is not None and assess(text).at_risk):
            return
        log.info("message held back: too fast", extra={"conversation_id": conversation_id})
        raise errors.RateLimited(retry_after=int(retry_after_header(wait)))

    @app.delete("/api/conversations/{conversation_id}", status_code=204)
    async def delete_conversation(conversation_id: str, request: Request) -> Response:
        """Erase the conversation everywhere; needs the conversation_token.

        Idempotent: once erased it stays erased, and a repeat answers 404 (nothing left),
        which a client treats as done. Erasing someone else's answers 403.
        """
        with sessions() as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is None:
                raise errors.ConversationNotFound(None)
            stored, language = conversation.holder_token_hash, conversation.language
        if not is_holder(stored, bearer_token(request.headers.get("authorization"))):
            raise errors.NotHolder(language)
        await forget_conversation(router, sessions, settings, conversation_id)
        return Response(status_code=204)

    @app.get("/api/health")
    async def health() -> JSONResponse:
        """Every part, for people and monitoring (`make run` waits for it)."""
        checks = {
            "router": True,
            "database": await asyncio.to_thread(_database_ok, settings),
            "rasa": await rasa.healthy(),
            "actions": await _http_ok(f"{settings.actions_base_url}/health"),
            "nlg": await _http_ok(f"{settings.nlg_base_url}/health"),
        }
        if settings.redis_url:
            checks["events"] = await hub.healthy()
        # Every part may answer while too many turns come back late (Rasa short of
        # capacity): people hear "I'm having trouble". Not a check, which says whether a
        # part answers now (and what restarts and waits look at); a figure to alert on.
        turns, share = rasa.trouble.figures()
        return _checks_response(
            checks,
            rasa_turns={
                "window_seconds": settings.rasa_trouble_window_seconds,
                "turns": turns,
                "not_answered_in_time": round(share, 3),
                "alert": rasa.trouble.alerting(),
            },
        )

    @app.get("/api/live")
    async def live() -> JSONResponse:
        """Liveness: this process answers. No I/O, so a slow dependency never gets a
        healthy process restarted."""
        return JSONResponse({"status": "ok"})

    @app.get("/api/ready")
    async def ready() -> JSONResponse:
        """Readiness: this instance can take a person's messages. Not Rasa: without it the
        router still answers (honestly, with the crisis numbers), so taking every instance
        out of the load balancer when Rasa is down would only make things worse."""
        checks = {
            "started": started.is_set(),
            "database": await asyncio.to_thread(_database_ok, settings),
        }
        if settings.redis_url:
            # Without Redis this instance could not reach screens on the others.
            checks["events"] = await hub.healthy()
        return _checks_response(checks)

    # After the conversation API: routes are matched in order, and a person's message is
    # by far the most frequent request.
    app.include_router(person_stream_routes(router, desk))
    if telegram is not None and telegram.webhook:
        app.include_router(telegram_webhook_routes(telegram, settings))
    install_staff_app(app, sessions, desk, settings)
    app.include_router(widget_routes(settings, catalogue))
    mount_widget(app)
    return app


def _checks_response(checks: dict[str, bool], **figures: Any) -> JSONResponse:
    ok = all(checks.values())
    return JSONResponse(
        {"status": "ok" if ok else "degraded", "checks": checks, **figures},
        status_code=200 if ok else 503,
    )


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
