"""A local stand-in for the Telegram Bot API, so tests run the real python-telegram-bot.

It serves `<base_url><token>/<method>` from a uvicorn thread on a free port, records every
call, and answers the methods our Telegram code uses. Tests inject updates (a button press,
a private message) that the next getUpdates long poll returns, just as Telegram would.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKEN = "123456:TEST-token"
# PTB sends every parameter as a string; these are the ones tests want as values.
JSON_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "timeout",
        "limit",
        "show_alert",
        "reply_markup",
        "allowed_updates",
        "commands",
        "drop_pending_updates",
        "scope",
    }
)


class BadRequest(Exception):
    """What Telegram answers with 400: the real limits, so tests catch breaking them."""


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]


class FakeTelegram:
    """One fake bot; `base_url` goes into Settings.telegram_base_url."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.bot_user = {
            "id": 424242,
            "is_bot": True,
            "first_name": "Cymar",
            "username": "cymar_test_bot",
        }
        self.calls: list[Call] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._lock = threading.Lock()
        self._closing = False
        # Like Telegram: a second getUpdates while one is waiting is a conflict (409).
        self._polling = 0
        self.conflicts = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- running ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        app = Starlette(routes=[Route("/bot{token}/{method}", self._endpoint, methods=["POST"])])
        config = uvicorn.Config(
            app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the fake Telegram server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self._closing = True
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    @contextmanager
    def running(self) -> Iterator[FakeTelegram]:
        self.start()
        try:
            yield self
        finally:
            self.stop()

    # -- what tests do ---------------------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> int:
        with self._lock:
            update_id = next(self._update_ids)
            self._updates.append({"update_id": update_id, **update})
        return update_id

    def press_button(self, user: dict[str, Any], message: dict[str, Any], data: str) -> int:
        """Someone presses an inline button under `message` (as stored by sendMessage)."""
        return self.push_update(
            {
                "callback_query": {
                    "id": f"cq{next(self._update_ids)}",
                    "from": user,
                    "message": message,
                    "chat_instance": "fake-chat-instance",
                    "data": data,
                }
            }
        )

    def send_private(self, user: dict[str, Any], text: str) -> int:
        """`user` writes `text` in their private chat with the bot."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user["id"], "type": "private", "first_name": user["first_name"]},
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.push_update({"message": message})

    def send_message_update(
        self, user: dict[str, Any], fields: dict[str, Any], *, edited: bool = False
    ) -> int:
        """`user` sends (or edits) a private message with any fields: a sticker, a photo."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user["id"], "type": "private", "first_name": user["first_name"]},
            "from": user,
            **fields,
        }
        if edited:
            message["edit_date"] = int(time.time())
        return self.push_update({"edited_message" if edited else "message": message})

    def buttons_of(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        """The inline buttons under a sent message, row by row flattened."""
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]

    def called(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [c.params for c in self.calls if c.method == method]

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        """sendMessage calls to one chat, oldest first."""
        return [p for p in self.called("sendMessage") if p.get("chat_id") == chat_id]

    def texts_to(self, chat_id: int) -> list[str]:
        return [str(p.get("text", "")) for p in self.sent_to(chat_id)]

    def pending_updates(self) -> int:
        with self._lock:
            return len(self._updates)

    # -- the Bot API -------------------------------------------------------------------------

    async def _endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.path_params["method"]
        params = await _params(request)
        with self._lock:
            self.calls.append(Call(method, params))
        handler: Callable[[dict[str, Any]], Any] | None = {
            "getMe": lambda _p: self.bot_user,
            "deleteWebhook": lambda _p: True,
            "setMyCommands": lambda _p: True,
            "answerCallbackQuery": _answer_callback_query,
            "sendChatAction": lambda _p: True,
            "setWebhook": lambda _p: True,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
        }.get(method)
        if method == "getUpdates":
            # A poll whose client has gone (PTB cancels its long poll on shutdown) is no
            # conflict; give it a moment to be noticed.
            deadline = time.monotonic() + 0.2
            while self._polling and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            with self._lock:
                if self._polling:
                    self.conflicts += 1
                    return _error(409, "Conflict: terminated by other getUpdates request")
                self._polling += 1
            try:
                return _ok(await self._get_updates(params, request))
            finally:
                with self._lock:
                    self._polling -= 1
        if handler is None:
            return _error(404, f"Not Found: {method} is not in the fake")
        try:
            return _ok(handler(params))
        except BadRequest as exc:
            return _error(400, f"Bad Request: {exc}")

    async def _get_updates(self, params: dict[str, Any], request: Request) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while True:
            with self._lock:
                # An offset confirms every update before it, as on Telegram.
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = list(self._updates)
            if ready or self._closing or time.monotonic() >= deadline:
                return ready
            if await request.is_disconnected():
                return []
            await asyncio.sleep(0.02)

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        text = str(params.get("text", ""))
        if not text.strip():
            raise BadRequest("message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise BadRequest("message is too long")
        for row in (params.get("reply_markup") or {}).get("inline_keyboard") or []:
            for button in row:
                if len(str(button.get("callback_data", "")).encode()) > 64:
                    raise BadRequest("BUTTON_DATA_INVALID")
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": _chat(chat_id),
            "from": self.bot_user,
            "text": params.get("text", ""),
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        with self._lock:
            self.messages[(chat_id, message["message_id"])] = message
        return message

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        with self._lock:
            message = dict(self.messages.get(key) or {"message_id": key[1], "chat": _chat(key[0])})
            message.pop("reply_markup", None)
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            self.messages[key] = message
        return message

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        with self._lock:
            message = dict(self.messages.get(key) or {"message_id": key[1], "chat": _chat(key[0])})
            message["text"] = params.get("text", "")
            # Telegram drops the buttons of an edited message unless they are sent again.
            message.pop("reply_markup", None)
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            self.messages[key] = message
        return message


async def _params(request: Request) -> dict[str, Any]:
    body = await request.body()
    if request.headers.get("content-type", "").startswith("application/json"):
        raw: dict[str, Any] = json.loads(body or b"{}")
    else:
        raw = dict(parse_qsl(body.decode(), keep_blank_values=True))
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if key in JSON_FIELDS and isinstance(value, str):
            with suppress(ValueError):
                value = json.loads(value)
        params[key] = value
    return params


def _answer_callback_query(params: dict[str, Any]) -> bool:
    if len(str(params.get("text") or "")) > 200:
        raise BadRequest("MESSAGE_TOO_LONG")
    return True


def _chat(chat_id: int) -> dict[str, Any]:
    if chat_id < 0:
        return {"id": chat_id, "type": "supergroup", "title": "Staff"}
    return {"id": chat_id, "type": "private", "first_name": "Supporter"}


def _ok(result: Any) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})


def _error(status: int, description: str) -> JSONResponse:
    return JSONResponse(
        {"ok": False, "error_code": status, "description": description}, status_code=status
    )


def user(user_id: int, first_name: str) -> dict[str, Any]:
    """A Telegram user as it appears in updates."""
    return {"id": user_id, "is_bot": False, "first_name": first_name}


async def eventually(check: Callable[[], Any], timeout: float = 20.0, what: str = "") -> Any:
    """Poll until `check()` is truthy (and return it); generous, never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        await asyncio.sleep(0.02)
