"""One turn at a time per conversation, so replies keep their order.

In one process an asyncio lock per conversation is enough. With several web instances a
conversation's messages can reach different instances (no sticky sessions), so
`RedisTurnLocks` also holds a short Redis lock for the turn. Its lease ends by itself if a
process dies mid-turn. If Redis cannot be reached, or the lock is not free in time, the
turn goes ahead: order is then kept only within this instance, but the person still gets
an answer and nothing is lost (every message is stored with its own seq).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from redis import asyncio as aioredis
from redis.exceptions import LockError, RedisError

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

# Longer than any turn (Rasa's timeout is seconds), shorter than a person's patience.
LEASE_SECONDS = 30.0
WAIT_SECONDS = 15.0


class TurnLocks:
    def __init__(self) -> None:
        # Weak values: a lock disappears once no turn of that conversation holds or awaits it.
        self._local: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def _local_lock(self, conversation_id: str) -> asyncio.Lock:
        lock = self._local.get(conversation_id)
        if lock is None:
            lock = self._local[conversation_id] = asyncio.Lock()
        return lock

    @asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        async with self._local_lock(conversation_id):
            yield

    async def aclose(self) -> None:
        """Nothing to close in one process."""


class RedisTurnLocks(TurnLocks):
    def __init__(
        self,
        redis_url: str,
        prefix: str,
        lease_seconds: float = LEASE_SECONDS,
        wait_seconds: float = WAIT_SECONDS,
    ) -> None:
        super().__init__()
        self._redis = aioredis.Redis.from_url(
            redis_url, client_name=f"{prefix}-turns", socket_connect_timeout=2, socket_timeout=5
        )
        self._prefix = prefix
        self._lease = lease_seconds
        self._wait = wait_seconds

    @asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        # The local lock first, so one instance's own turns queue here, not in Redis.
        async with self._local_lock(conversation_id):
            lock = self._redis.lock(
                f"{self._prefix}:turn:{conversation_id}",
                timeout=self._lease,
                sleep=0.02,
                blocking_timeout=self._wait,
            )
            held = False
            try:
                held = bool(await lock.acquire())
                if not held:
                    log.warning("turn lock busy", extra={"conversation_id": conversation_id})
            except (RedisError, OSError) as exc:
                log.warning("turn lock unavailable: %s", type(exc).__name__)
            try:
                yield
            finally:
                if held:
                    try:
                        await lock.release()
                    except (LockError, RedisError, OSError) as exc:
                        # The lease ran out first; the lock is no longer ours to release.
                        log.warning("turn lock not released: %s", type(exc).__name__)

    async def aclose(self) -> None:
        await self._redis.aclose()


def make_turn_locks(settings: Settings) -> TurnLocks:
    if settings.redis_url:
        return RedisTurnLocks(settings.redis_url, settings.redis_key_prefix)
    return TurnLocks()
