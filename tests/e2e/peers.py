"""Helpers for whole-stack handoff tests: staff made with the real CLI, a supporter's inbox
and a person's live stream over real websockets."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx
import websockets

from bot.ops.stack import Stack
from bot.settings import ROOT

PASSWORD = "correct horse battery staple"
Event = dict[str, Any]


def staff_cli(stack: Stack, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot.ops.staff", *args],
        cwd=ROOT,
        env=stack.env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def create_supporter(
    stack: Stack, username: str, languages: str, organisation: str | None = None
) -> None:
    args = ["create", "--username", username, "--name", username.title()]
    args += ["--role", "peer_supporter", "--languages", languages, "--password-stdin"]
    if organisation:
        args += ["--organisation", organisation]
    staff_cli(stack, *args, stdin=PASSWORD + "\n")


def sign_in(base_url: str, username: str, password: str = PASSWORD) -> str:
    """The session cookie, signed in through the real form (its CSRF token included).

    The cookies are Secure, so over the tests' plain http they are read from the responses
    and sent back by hand, as the staff app's docs say."""
    with httpx.Client(base_url=base_url, follow_redirects=False) as http:
        form = http.get("/admin/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token, form.text
        response = http.post(
            "/admin/login",
            data={"username": username, "password": password, "csrf_token": token.group(1)},
            headers={"Cookie": f"cymar_staff_pre={form.cookies['cymar_staff_pre']}"},
        )
        assert response.status_code == 303, response.text
        return str(response.cookies["cymar_staff"])


def ws_url(base_url: str, path: str) -> str:
    return base_url.replace("http://", "ws://") + path


class Socket:
    """A websocket that keeps everything received, so tests can wait for one event."""

    def __init__(self, url: str, cookie: str | None = None) -> None:
        self.url = url
        self.cookie = cookie
        self.events: list[Event] = []
        self._conn: Any = None

    async def __aenter__(self) -> Socket:
        headers = {"Cookie": f"cymar_staff={self.cookie}"} if self.cookie else {}
        self._conn = await websockets.connect(self.url, extra_headers=headers)  # type: ignore[attr-defined]
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def send(self, frame: Event) -> None:
        await self._conn.send(json.dumps(frame))

    async def wait_for(self, matches: Callable[[Event], bool], timeout: float = 15) -> Event:
        for event in self.events:
            if matches(event):
                self.events.remove(event)
                return event
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                raw = await asyncio.wait_for(self._conn.recv(), deadline - time.monotonic())
            except asyncio.TimeoutError:
                break
            event = json.loads(raw)
            if matches(event):
                return event
            self.events.append(event)
        raise AssertionError(f"no matching event within {timeout}s; got {self.events[-10:]}")


class Supporter(Socket):
    def __init__(self, base_url: str, username: str) -> None:
        super().__init__(ws_url(base_url, "/admin/ws"), sign_in(base_url, username))
        self.username = username

    async def on_duty(self, on: bool = True) -> Event:
        await self.send({"type": "duty", "on": on})
        return await self.wait_for(lambda e: e["type"] == "queue" and e["on_duty"] is on)

    async def sees_request(self, conversation_id: str, timeout: float = 15) -> Event:
        def has_it(event: Event) -> bool:
            return event["type"] == "queue" and any(
                r["conversation_id"] == conversation_id for r in event["waiting"]
            )

        queue = await self.wait_for(has_it, timeout)
        return next(r for r in queue["waiting"] if r["conversation_id"] == conversation_id)

    async def claim(self, request_id: int) -> bool:
        await self.send({"type": "claim", "request_id": request_id})
        result = await self.wait_for(
            lambda e: e["type"] == "claim_result" and e["request_id"] == request_id
        )
        return bool(result["won"])


def person_stream(base_url: str, conversation_id: str, after_seq: int = 0) -> Socket:
    return Socket(
        ws_url(base_url, f"/api/conversations/{conversation_id}/stream?after_seq={after_seq}")
    )
