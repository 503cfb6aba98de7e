"""What the people channel and the supporter relay share: one Application, text splitting,
token-safe logging and a clean shutdown."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import Application, BaseUpdateProcessor

log = logging.getLogger(__name__)

TelegramApplication = Application[Any, Any, Any, Any, Any, Any]

# Telegram's limit is 4096 characters, counted in UTF-16 code units (an emoji counts two);
# a little headroom for the label lines the relay adds.
MAX_TELEGRAM_CHARS = 4000
# Telegram refuses callback data longer than this many bytes.
MAX_CALLBACK_BYTES = 64


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fitting_prefix(text: str, size: int) -> int:
    """How many characters of `text` fit in `size` UTF-16 code units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > size:
            return index
    return len(text)


def chunks(text: str, size: int = MAX_TELEGRAM_CHARS) -> list[str]:
    """Split a long text under Telegram's limit: at a paragraph, else a line, else a space,
    and only a single very long word anywhere."""
    parts: list[str] = []
    rest = text
    while utf16_len(rest) > size:
        limit = max(1, _fitting_prefix(rest, size))
        window = rest[:limit]
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > 0:
                parts.append(window[:cut])
                rest = rest[cut + len(separator) :]
                break
        else:
            parts.append(window)
            rest = rest[limit:]
    if rest or not parts:
        parts.append(rest)
    return parts


def transient(exc: BaseException) -> bool:
    """A network failure worth reconnecting for (BadRequest is a NetworkError in PTB)."""
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)


class RedactToken(logging.Filter):
    """httpx logs every request URL at INFO, and Telegram URLs contain the bot token."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = message.replace(self._token, "<token>"), ()
        return True


class PerChatUpdates(BaseUpdateProcessor):
    """Different chats are served at once, one chat's updates one at a time, in order.

    PTB's default handles every update in turn, so one slow answer (Rasa can take seconds)
    would hold up everyone, staff group included. Fully concurrent handling would let two
    quick messages from one person overtake each other. A lock per chat gives both: the
    locks are taken in arrival order because nothing awaits before them.
    """

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        # Weak values: a chat's lock lives only while one of its updates holds or awaits it.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.get(chat.id)
        if lock is None:
            lock = self._locks[chat.id] = asyncio.Lock()
        async with lock:
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up: locks are made as chats appear."""

    async def shutdown(self) -> None:
        """Nothing to free: the locks go with their updates."""


def polling_error(exc: TelegramError) -> None:
    log.warning("telegram polling failed (%s)", type(exc).__name__)


async def shut_down(application: TelegramApplication) -> None:
    """Stop polling and the application, whatever state a failed start left them in."""
    steps: list[Callable[[], Any]] = []
    if application.updater is not None and application.updater.running:
        steps.append(application.updater.stop)
    if application.running:
        steps.append(application.stop)
    steps.append(application.shutdown)
    for step in steps:
        try:
            await step()
        except Exception as exc:  # shutting down: nothing left to protect but the others
            log.warning("telegram shutdown step failed (%s)", type(exc).__name__)
