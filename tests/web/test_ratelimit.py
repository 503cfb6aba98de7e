"""Rate-limit budgets: a burst then a steady rate, shared through real Redis by several
processes, and open (never blocking) when Redis is away."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from bot.web.ratelimit import MemoryLimiter, RedisLimiter

REDIS_URL = "redis://127.0.0.1:6379/0"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_burst_then_a_steady_rate() -> None:
    clock = Clock()
    limiter = MemoryLimiter(clock)
    assert [await limiter.wait_needed("k", 3, 6) for _ in range(3)] == [0, 0, 0]
    wait = await limiter.wait_needed("k", 3, 6)
    assert wait == pytest.approx(10)  # 6 a minute: one every 10 seconds
    assert await limiter.wait_needed("other", 3, 6) == 0
    clock.now += 10
    assert await limiter.wait_needed("k", 3, 6) == 0
    assert await limiter.wait_needed("k", 3, 6) > 0
    # Budgets that have refilled are forgotten within minutes (the privacy notice says so).
    clock.now += 120
    assert await limiter.wait_needed("new", 3, 6) == 0
    assert len(limiter) == 1


@pytest.fixture
def prefix() -> Iterator[str]:
    name = f"cymar-test:{uuid.uuid4().hex}:"
    yield name
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=name + "*"):
        client.delete(key)


async def test_several_processes_share_one_budget_through_redis(prefix: str) -> None:
    first, second = RedisLimiter(REDIS_URL, prefix), RedisLimiter(REDIS_URL, prefix)
    try:
        answers = [await (first if i % 2 else second).wait_needed("conv:a", 4, 1) for i in range(4)]
        assert answers == [0, 0, 0, 0]
        assert 0 < await first.wait_needed("conv:a", 4, 1) <= 60
        assert 0 < await second.wait_needed("conv:a", 4, 1) <= 60
        assert await second.wait_needed("conv:b", 4, 1) == 0
        # The key expires by itself once the budget has refilled.
        ttl = redis.Redis.from_url(REDIS_URL).pttl(prefix + "conv:a")
        assert 0 < ttl <= 5 * 60_000
    finally:
        await first.aclose()
        await second.aclose()


async def test_unreachable_redis_lets_people_through() -> None:
    limiter = RedisLimiter("redis://127.0.0.1:9/0", "unused:")
    try:
        assert [await limiter.wait_needed("k", 1, 1) for _ in range(3)] == [0, 0, 0]
    finally:
        await limiter.aclose()
