"""The asyncio round robin that stands in for a load balancer (used by the load bench)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.ops.stack import AsyncRoundRobin


def test_each_request_goes_to_the_next_instance_in_turn() -> None:
    seen: list[tuple[str, str, str]] = []

    def instance(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers["host"], request.content.decode()))
        return httpx.Response(200, json={"port": request.url.port})

    async def send_four() -> list[int]:
        transport = AsyncRoundRobin(
            ["http://127.0.0.1:8001", "http://127.0.0.1:8002"], httpx.MockTransport(instance)
        )
        async with httpx.AsyncClient(base_url="http://cymar.lb", transport=transport) as http:
            return [
                (await http.post("/api/conversations", content=str(i))).json()["port"]
                for i in range(4)
            ]

    assert asyncio.run(send_four()) == [8001, 8002, 8001, 8002]
    # Path, body and Host follow the request to the instance that got it.
    assert seen[1] == ("http://127.0.0.1:8002/api/conversations", "127.0.0.1:8002", "1")


def test_a_round_robin_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError):
        AsyncRoundRobin([])
