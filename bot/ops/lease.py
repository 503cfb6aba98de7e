"""A lease in Redis: of several web instances, the one holding it runs a job that must run
once (Telegram's long polling: two pollers of one bot make Telegram refuse both).

The holder renews the lease every third of its lifetime. If it dies, the key expires and
another instance takes over within one lifetime. A holder that cannot renew (Redis away)
stops the job itself once its lease would have run out, so two holders never overlap.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable

from redis import asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

LEASE_SECONDS = 15.0

# Take the lease if it is free, or extend it if it is already ours; 1 if held after.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class Lease:
    def __init__(
        self,
        redis_url: str,
        key: str,
        lease_seconds: float = LEASE_SECONDS,
        holder: str | None = None,
    ) -> None:
        self._redis = aioredis.Redis.from_url(
            redis_url, client_name="lease", socket_connect_timeout=2, socket_timeout=2
        )
        self.key = key
        self.lease_seconds = lease_seconds
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"

    async def renew(self) -> bool | None:
        """Take or extend the lease: True if held, False if another holds it, None if
        Redis did not answer (then nobody can tell)."""
        try:
            result = await self._redis.eval(
                _RENEW, 1, self.key, self.holder, int(self.lease_seconds * 1000)
            )
        except (RedisError, OSError) as exc:
            log.warning("lease not renewed: %s", type(exc).__name__)
            return None
        return bool(result)

    async def release(self) -> None:
        try:
            await self._redis.eval(_RELEASE, 1, self.key, self.holder)
        except (RedisError, OSError) as exc:
            log.warning("lease not released: %s", type(exc).__name__)

    async def aclose(self) -> None:
        await self._redis.aclose()


async def run_while_holding(
    lease: Lease,
    start: Callable[[], Awaitable[None]],
    stop: Callable[[], Awaitable[None]],
) -> None:
    """Run the job (start/stop) exactly while this process holds the lease, until cancelled."""
    interval = lease.lease_seconds / 3
    running = False
    renewed_at = 0.0
    try:
        while True:
            held = await lease.renew()
            if held:
                renewed_at = time.monotonic()
                if not running:
                    log.info("lease taken", extra={"event": lease.key})
                    await start()
                    running = True
            elif running and (
                held is False or time.monotonic() - renewed_at >= lease.lease_seconds - interval
            ):
                # Another instance holds it, or may soon: stop before it starts.
                log.info("lease lost", extra={"event": lease.key})
                await stop()
                running = False
            await asyncio.sleep(interval)
    finally:
        if running:
            await stop()
            await lease.release()
        await lease.aclose()
