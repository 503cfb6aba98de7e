"""One python-telegram-bot Application per process, shared by the people channel and the
supporter relay.

A bot token allows one getUpdates poller (a second gets 409 Conflict), and a webhook is one
URL, so both parts register their handlers on the same Application and this service owns
its life: connect in the background, serve, and on any failure log, wait and reconnect. The
web process never waits on Telegram.

Modes:
- long polling (the default when only TELEGRAM_BOT_TOKEN is set);
- webhook (TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET): Telegram posts each update
  to our web app, which checks the secret header and hands the update to the Application
  before answering, so an update that could not be stored is answered 500 and redelivered.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Protocol
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError
from telegram import Bot, Update
from telegram.ext import Application, ContextTypes

from bot.channels.telegram.common import (
    PerChatUpdates,
    RedactToken,
    TelegramApplication,
    polling_error,
    shut_down,
    transient,
)
from bot.settings import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# What Telegram accepts as a secret token.
SECRET_FORMAT = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
DEFAULT_WEBHOOK_PATH = "/telegram/webhook"
# Updates are small (a message is at most 4096 characters); anything bigger is not Telegram.
MAX_WEBHOOK_BYTES = 1024 * 1024
# Failed updates remembered for the webhook's answer; bounded in case nobody asks.
MAX_FAILED_REMEMBERED = 1000


class TelegramPart(Protocol):
    """A set of handlers plus a background loop that runs while Telegram is connected."""

    allowed_updates: tuple[str, ...]
    # A part whose handlers take whatever the others leave (the people channel): PTB gives
    # an update to the first matching handler, so such a part is registered last.
    catch_all: bool

    def register(self, application: TelegramApplication, *, shared: bool, webhook: bool) -> None:
        """Add handlers; `shared` means another part serves other people's private chats."""

    async def run(self, bot: Bot) -> None:
        """Runs until cancelled; raising ends the connection (the service reconnects)."""


class WebhookAnswer:
    """What the webhook route answers Telegram with."""

    def __init__(self, status: int, code: str) -> None:
        self.status = status
        self.code = code


def webhook_path(settings: Settings) -> str:
    """The path of TELEGRAM_WEBHOOK_URL, which is where the web app serves the webhook."""
    path = urlsplit(settings.telegram_webhook_url or "").path.rstrip("/")
    return path or DEFAULT_WEBHOOK_PATH


def redelivery_helps(exc: BaseException | None) -> bool:
    """A failure that a later attempt may not repeat: the database or the network."""
    return exc is not None and (isinstance(exc, SQLAlchemyError) or transient(exc))


class TelegramService:
    """Connects one bot to Telegram for every part given, polling or by webhook."""

    def __init__(
        self,
        settings: Settings,
        parts: Sequence[TelegramPart],
        *,
        poll_timeout: float = 30,
        retry_seconds: float = 30,
    ) -> None:
        if not settings.telegram_bot_token:
            raise ValueError("Telegram needs TELEGRAM_BOT_TOKEN")
        if not parts:
            raise ValueError("Telegram needs something to serve")
        self._settings = settings
        self._token = settings.telegram_bot_token
        # Stable sort: the catch-all part after the others, whatever order they came in.
        self._parts = sorted(parts, key=lambda part: part.catch_all)
        self._poll_timeout = poll_timeout
        self._retry_seconds = retry_seconds
        self._webhook_url = settings.telegram_webhook_url
        self._secret = settings.telegram_webhook_secret or ""
        if self._webhook_url and not SECRET_FORMAT.match(self._secret):
            raise ValueError(
                "TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET "
                "(1-256 characters: letters, digits, _ and -)"
            )
        self._application: TelegramApplication | None = None
        self._task: asyncio.Task[None] | None = None
        self._failed: dict[int, None] = {}
        self._redact = RedactToken(self._token)
        self.connected = asyncio.Event()

    @property
    def webhook(self) -> bool:
        return bool(self._webhook_url)

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Connect in the background: the web process starts whether or not Telegram answers."""
        if self._task is not None:
            return
        logging.getLogger("httpx").addFilter(self._redact)
        # python-telegram-bot logs every request's parameters and every update at DEBUG,
        # message text included: keep its loggers at INFO whatever LOG_LEVEL says.
        ptb = logging.getLogger("telegram")
        if ptb.getEffectiveLevel() < logging.INFO:
            ptb.setLevel(logging.INFO)
        self._task = asyncio.create_task(self._supervise(), name="telegram")

    async def stop(self, timeout: float = 15) -> None:
        """Stop polling and wait for updates being handled, but never hold up shutdown."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            try:
                await asyncio.wait_for(task, timeout)
            except asyncio.CancelledError:
                pass
            except asyncio.TimeoutError:
                log.warning("telegram did not stop within %gs", timeout)
        logging.getLogger("httpx").removeFilter(self._redact)

    async def _supervise(self) -> None:
        while True:
            try:
                await self._serve()
            except Exception as exc:  # any failure: log, wait, reconnect; the web goes on
                # The class name only: exception text can quote what someone wrote.
                log.warning(
                    "telegram relay disconnected (%s); retrying in %gs",
                    type(exc).__name__,
                    self._retry_seconds,
                )
            await asyncio.sleep(self._retry_seconds)

    def _build(self) -> TelegramApplication:
        base_url = self._settings.telegram_base_url
        base_file_url = base_url
        if base_file_url.endswith("/bot"):
            base_file_url = base_file_url[: -len("/bot")] + "/file/bot"
        builder = (
            Application.builder()
            .token(self._token)
            .base_url(base_url)
            .base_file_url(base_file_url)
            .concurrent_updates(PerChatUpdates())
            # Replies to many chats go out at once; wait for a free connection rather than
            # failing after PTB's one-second default.
            .connection_pool_size(64)
            .pool_timeout(10)
        )
        if self.webhook:
            # Our web app receives the updates; PTB's own webhook server is not used.
            builder = builder.updater(None)
        application = builder.build()
        shared = len(self._parts) > 1
        for part in self._parts:
            part.register(application, shared=shared, webhook=self.webhook)
        application.add_error_handler(self._on_error)
        return application

    def _allowed_updates(self) -> list[str]:
        wanted: list[str] = []
        for part in self._parts:
            wanted.extend(u for u in part.allowed_updates if u not in wanted)
        return wanted

    async def _serve(self) -> None:
        """One connection: from getMe to the first failure (or stop)."""
        application = self._build()
        tasks: list[asyncio.Task[None]] = []
        try:
            await application.initialize()
            await application.start()
            bot = application.bot
            tasks = [asyncio.create_task(part.run(bot)) for part in self._parts]
            # Let the parts subscribe to their events before updates start to flow.
            await asyncio.sleep(0)
            if self._webhook_url:
                await bot.set_webhook(
                    self._webhook_url,
                    secret_token=self._secret,
                    allowed_updates=self._allowed_updates(),
                )
            else:
                assert application.updater is not None
                await application.updater.start_polling(
                    timeout=timedelta(seconds=self._poll_timeout),
                    allowed_updates=self._allowed_updates(),
                    error_callback=polling_error,
                )
            self._application = application
            self.connected.set()
            done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()
            raise RuntimeError("a Telegram part stopped")
        finally:
            self.connected.clear()
            self._application = None
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await shut_down(application)

    # -- the webhook -------------------------------------------------------------------------

    async def receive(self, body: bytes, secret: str | None) -> WebhookAnswer:
        """One update posted by Telegram: checked, then handled before it is acknowledged."""
        if not self.webhook:
            return WebhookAnswer(404, "not_found")
        if not secret:
            return WebhookAnswer(401, "unauthorized")
        # Constant time, so the secret cannot be guessed from how long a refusal takes.
        if not hmac.compare_digest(secret.encode(), self._secret.encode()):
            return WebhookAnswer(403, "forbidden")
        application = self._application
        if application is None:
            # Not connected yet (or reconnecting): Telegram tries again later.
            return WebhookAnswer(503, "unavailable")
        if len(body) > MAX_WEBHOOK_BYTES:
            return WebhookAnswer(413, "too_large")
        try:
            data: Any = json.loads(body)
            update = Update.de_json(data, application.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError):
            update = None
        if update is None:
            return WebhookAnswer(400, "invalid_update")
        await application.update_processor.process_update(
            update, application.process_update(update)
        )
        if update.update_id in self._failed:
            del self._failed[update.update_id]
            # Nothing was lost: the router stores before it answers, and the redelivered
            # update is recognised by its message id, so trying again is safe.
            return WebhookAnswer(500, "try_again")
        return WebhookAnswer(200, "ok")

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log a handler's failure by class name (the text could quote someone)."""
        error = context.error
        log.warning("telegram handler failed (%s)", type(error).__name__)
        if self.webhook and isinstance(update, Update) and redelivery_helps(error):
            self._failed[update.update_id] = None
            while len(self._failed) > MAX_FAILED_REMEMBERED:
                self._failed.pop(next(iter(self._failed)))
