"""Telegram in the web process: building the one service, and the webhook route.

The people channel and the supporter relay run here because the EventHub that carries a
supporter's messages is in-process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from bot.channels.telegram.people import PeopleChannel
from bot.channels.telegram.service import (
    SECRET_HEADER,
    TelegramPart,
    TelegramService,
    webhook_path,
)
from bot.channels.telegram.supporters import SupporterRelay
from bot.content.catalogue import ResponseCatalogue
from bot.conversations.peer_relay import PeerDesk
from bot.conversations.router import ConversationRouter
from bot.settings import Settings

log = logging.getLogger(__name__)

HOW_TO_ENABLE = (
    "Telegram is off: set TELEGRAM_BOT_TOKEN (from @BotFather) to enable it, and "
    "TELEGRAM_STAFF_CHAT_ID for the peer supporters' group; see README.md"
)


def telegram_service(
    settings: Settings,
    router: ConversationRouter,
    catalogue: ResponseCatalogue,
    desk: PeerDesk,
    sessions: Callable[[], Session],
) -> TelegramService | None:
    """The process's Telegram service, or None when Telegram is off or misconfigured."""
    if not settings.telegram_bot_token:
        return None
    parts: list[TelegramPart] = [PeopleChannel(settings, router, catalogue, desk, sessions)]
    if settings.telegram_staff_chat_id is not None:
        parts.append(SupporterRelay(settings, desk, sessions))
    try:
        return TelegramService(settings, parts)
    except ValueError as exc:
        # A configuration mistake (e.g. a webhook without its secret) leaves the rest running.
        log.error("Telegram is off: %s", exc)
        return None


def telegram_webhook_routes(service: TelegramService, settings: Settings) -> APIRouter:
    """`POST <path of TELEGRAM_WEBHOOK_URL>`: where Telegram delivers updates in webhook mode."""
    api = APIRouter()

    @api.post(webhook_path(settings), include_in_schema=False)
    async def telegram_webhook(request: Request) -> JSONResponse:
        answer = await service.receive(await request.body(), request.headers.get(SECRET_HEADER))
        if answer.status == 200:
            return JSONResponse({"ok": True})
        return JSONResponse(
            {"error": {"code": answer.code, "message": answer.code.replace("_", " ")}},
            status_code=answer.status,
        )

    return api
