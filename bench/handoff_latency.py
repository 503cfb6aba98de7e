"""How fast a supporter sees a new request: from "talk to a person" to their open inbox.

    python -m bench.handoff_latency

Starts the real stack, creates a supporter with the staff CLI, keeps their inbox open over
the real websocket, and times N requests (each cancelled before the next). Target: median
under 1 s on this machine.
"""

from __future__ import annotations

import asyncio
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import websockets

from bench.common import ROOT, write_result
from bot.ops.stack import Stack, start_stack

PASSWORD = "benchmark password, not a real one"
REQUESTS = 30


def create_supporter(stack: Stack) -> str:
    subprocess.run(
        [sys.executable, "-m", "bot.ops.staff", "create", "--username", "bench", "--name",
         "Bench", "--role", "peer_supporter", "--languages", "cy,en", "--password-stdin"],
        cwd=ROOT, env=stack.env, input=PASSWORD + "\n", text=True, check=True,
        capture_output=True,
    )  # fmt: skip
    with httpx.Client(base_url=stack.base_url) as http:
        # The sign-in form's CSRF token, then the form; the cookies are Secure, so over
        # plain http they are passed back by hand.
        form = http.get("/admin/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        response = http.post(
            "/admin/login",
            data={"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)},
            headers={"Cookie": f"cymar_staff_pre={form.cookies['cymar_staff_pre']}"},
        )
        return str(response.cookies["cymar_staff"])


async def measure(stack: Stack, cookie: str) -> list[float]:
    url = stack.base_url.replace("http://", "ws://") + "/admin/ws"
    seen: list[float] = []
    async with websockets.connect(  # type: ignore[attr-defined]
        url, extra_headers={"Cookie": f"cymar_staff={cookie}"}
    ) as inbox:
        await inbox.send(json.dumps({"type": "duty", "on": True}))
        async with httpx.AsyncClient(base_url=stack.base_url, timeout=30) as http:
            for i in range(REQUESTS):
                language = "cy" if i % 2 else "en"
                created = await http.post("/api/conversations", json={"language": language})
                cid = created.json()["conversation_id"]
                started = time.perf_counter()
                asked = asyncio.create_task(
                    http.post(
                        f"/api/conversations/{cid}/messages", json={"payload": "/talk_to_person"}
                    )
                )
                while True:
                    event: dict[str, Any] = json.loads(await asyncio.wait_for(inbox.recv(), 10))
                    if event.get("type") == "queue" and any(
                        r["conversation_id"] == cid for r in event["waiting"]
                    ):
                        seen.append((time.perf_counter() - started) * 1000)
                        break
                await asked
                await http.post(
                    f"/api/conversations/{cid}/messages", json={"payload": "/cancel_handoff"}
                )
    return seen


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        stack = start_stack(Path(tmp))
        try:
            cookie = create_supporter(stack)
            seen = asyncio.run(measure(stack, cookie))
        finally:
            stack.stop()
    figures = {
        "requests": len(seen),
        "median_ms": round(statistics.median(seen), 1),
        "p95_ms": round(sorted(seen)[int(0.95 * (len(seen) - 1))], 1),
        "max_ms": round(max(seen), 1),
        "targets": {"median_ms_max": 1000},
    }
    print(
        f"Request to the supporter's inbox, {len(seen)} requests: "
        f"median {figures['median_ms']} ms, "
        f"p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms"
    )
    write_result("handoff", figures, "make bench  (python -m bench.handoff_latency)")


if __name__ == "__main__":
    main()
