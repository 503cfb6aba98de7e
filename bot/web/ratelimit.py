"""Rate limits shared by every web process: Redis when REDIS_URL is set, memory otherwise.

GCRA (the generic cell rate algorithm, a token bucket kept as one timestamp): a burst of
`burst` requests at once, then `per_minute` a minute. One stored number per key makes the
Redis version a single atomic script, so several web processes share one budget. We write
it ourselves because no rate-limit library is in the locked environment and the algorithm
is a dozen lines.

A limiter that cannot reach Redis lets the request through (and logs once a minute): a
person in distress must never be turned away because a cache is down.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Any, Protocol

from bot.settings import Settings

log = logging.getLogger(__name__)

# Keys kept in memory before quiet ones are dropped (a full bucket needs no entry).
MAX_MEMORY_KEYS = 50_000
PRUNE_SECONDS = 60

GCRA_SCRIPT = """
local key = KEYS[1]
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', key) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local wait = new_tat - now - interval * burst
if wait > 0 then return tostring(wait) end
redis.call('SET', key, tostring(new_tat), 'PX', math.ceil((new_tat - now) * 1000) + 1000)
return '0'
"""


class Limiter(Protocol):
    async def wait_needed(self, key: str, burst: int, per_minute: float) -> float:
        """0 if a request under `key` may go now, else the seconds until one may."""

    async def aclose(self) -> None: ...


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))


class MemoryLimiter:
    """One process's budgets (single-process deployments and tests)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._tat: dict[str, float] = {}
        self._pruned_at = clock()

    async def wait_needed(self, key: str, burst: int, per_minute: float) -> float:
        now = self._clock()
        interval = 60.0 / per_minute
        new_tat = max(self._tat.get(key, now), now) + interval
        wait = new_tat - now - interval * burst
        if wait > 0:
            return wait
        self._tat[key] = new_tat
        if len(self._tat) > MAX_MEMORY_KEYS or now - self._pruned_at > PRUNE_SECONDS:
            # A key whose budget has refilled needs no entry; dropping it also means a
            # client address is not kept longer than the privacy notice says.
            self._tat = {k: t for k, t in self._tat.items() if t > now}
            self._pruned_at = now
        return 0.0

    def __len__(self) -> int:
        return len(self._tat)

    async def aclose(self) -> None:
        return None


class RedisLimiter:
    """Budgets in Redis, shared by every web process; fails open when Redis is away."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis.asyncio as aioredis

        self._redis: Any = aioredis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._script: Any = self._redis.register_script(GCRA_SCRIPT)
        self._prefix = prefix
        self._warned_at = -math.inf

    async def wait_needed(self, key: str, burst: int, per_minute: float) -> float:
        from redis.exceptions import RedisError

        try:
            # Redis's clock, so processes on machines whose clocks differ agree.
            seconds, micros = await self._redis.time()
            now = float(seconds) + float(micros) / 1e6
            answer = await self._script(
                keys=[self._prefix + key], args=[60.0 / per_minute, burst, now]
            )
        except (RedisError, OSError) as exc:
            if time.monotonic() - self._warned_at > 60:
                self._warned_at = time.monotonic()
                log.warning("rate limits off: Redis unreachable (%s)", type(exc).__name__)
            return 0.0
        return float(answer)

    async def aclose(self) -> None:
        await self._redis.aclose()


def make_limiter(settings: Settings) -> Limiter:
    if settings.redis_url:
        return RedisLimiter(settings.redis_url, f"{settings.redis_key_prefix}:ratelimit:")
    return MemoryLimiter()
