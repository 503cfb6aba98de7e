"""Live events for open screens: a person's chat window, a supporter's inbox.

Events only say "look again": everything they carry is already stored, so a screen that
missed one (it was offline, the process restarted) catches up by reading the database.
That is why an in-process hub is enough on one machine. With several web instances,
`RedisEventHub` carries the same events between them over Redis pub/sub, behind the same
methods (`make_event_hub` picks one from the settings).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from redis import asyncio as aioredis
from redis.exceptions import RedisError

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

INBOX = "inbox"
QUEUE_SIZE = 256
# Put in every open screen's queue when the hub may have missed events (its Redis link
# dropped): the screen's socket closes, and the screen reconnects and re-reads the database.
RESYNC = "resync"
# A person's screens are the one place where "did anyone receive it?" matters (a peer's
# message is marked delivered), so their channels get exact Redis subscriptions, counted by
# PUBLISH. Every other channel reaches every instance through one pattern subscription,
# which leaves no gap between a screen opening a chat and its first event.
EXACT_PREFIX = "person:"
SUBSCRIBE_WAIT_SECONDS = 2.0


def conversation_channel(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


def staff_channel(staff_id: int) -> str:
    return f"staff:{staff_id}"


Queue = asyncio.Queue[dict[str, Any]]


class EventHub:
    """Publish/subscribe within one process."""

    def __init__(self) -> None:
        self._subscribers: dict[str, set[Queue]] = defaultdict(set)

    async def start(self) -> None:
        """Nothing to connect to in one process."""

    async def stop(self) -> None:
        """Nothing to disconnect."""

    async def healthy(self) -> bool:
        return True

    def listeners(self, channel: str) -> int:
        return len(self._subscribers.get(channel, ()))

    async def publish(self, channel: str, event: dict[str, Any]) -> int:
        """Deliver to every subscriber; returns how many screens it reached."""
        return self._deliver(channel, event)

    def _deliver(self, channel: str, event: dict[str, Any]) -> int:
        reached = 0
        for queue in list(self._subscribers.get(channel, ())):
            try:
                queue.put_nowait({**event, "channel": channel})
                reached += 1
            except asyncio.QueueFull:
                # A screen that stopped reading: it will re-sync from the database.
                log.warning("event queue full on %s", channel.split(":")[0])
        return reached

    def attach(self, queue: Queue, channel: str) -> None:
        """Add a channel to an open subscription (a supporter opens another chat)."""
        self._subscribers[channel].add(queue)

    def detach(self, queue: Queue, channel: str) -> None:
        self._subscribers.get(channel, set()).discard(queue)
        if channel in self._subscribers and not self._subscribers[channel]:
            del self._subscribers[channel]

    async def _ready(self, channels: tuple[str, ...]) -> None:
        """Return once events on these channels will arrive (at once in one process)."""

    @asynccontextmanager
    async def subscribe(self, *channels: str) -> AsyncIterator[Queue]:
        queue: Queue = asyncio.Queue(QUEUE_SIZE)
        for channel in channels:
            self.attach(queue, channel)
        try:
            await self._ready(channels)
            yield queue
        finally:
            for channel in [c for c, queues in self._subscribers.items() if queue in queues]:
                self.detach(queue, channel)

    def _resync_all(self) -> None:
        """Tell every open screen to re-read the database (they may have missed events)."""
        queues = {queue for queues in self._subscribers.values() for queue in queues}
        for queue in queues:
            with contextlib.suppress(asyncio.QueueFull):
                # A full queue's screen is behind anyway; it re-syncs when it reconnects.
                queue.put_nowait({"type": RESYNC, "channel": ""})


class RedisEventHub(EventHub):
    """The same hub across processes: every event goes through Redis pub/sub.

    Screens in this process get an event at once, as with the in-process hub; other
    processes get it from Redis (each message names its origin, so this process skips its
    own). If the Redis link drops, every open screen here is told to re-sync, because
    events may have been missed, and again when it is back; publishing meanwhile still
    stores nothing less (events only point at stored messages) and never fails the caller.
    """

    def __init__(self, redis_url: str, prefix: str) -> None:
        super().__init__()
        self._url = redis_url
        self._prefix = prefix
        self._origin = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._redis: aioredis.Redis | None = None
        self._pubsub: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()
        # Set when events may have been missed (a dropped link, or Redis not reached yet).
        self._outage = False
        self._confirmed: set[str] = set()
        self._waiters: dict[str, asyncio.Event] = {}
        self._commands: asyncio.Queue[tuple[str, str]] = asyncio.Queue()

    # -- naming ---------------------------------------------------------------------------

    def _redis_channel(self, channel: str) -> str:
        kind = "p" if channel.startswith(EXACT_PREFIX) else "b"
        return f"{self._prefix}:ev:{kind}:{channel}"

    def _pattern(self) -> str:
        return f"{self._prefix}:ev:b:*"

    # -- life -----------------------------------------------------------------------------

    async def start(self) -> None:
        if self._reader is None:
            self._redis = aioredis.Redis.from_url(
                self._url,
                client_name=f"{self._prefix}-events",
                socket_connect_timeout=2,
                socket_timeout=5,
            )
            self._reader = asyncio.create_task(self._read_forever())

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
            self._reader = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    async def healthy(self) -> bool:
        if self._redis is None or not self._connected.is_set():
            return False
        try:
            return bool(await self._redis.ping())
        except (RedisError, OSError):
            return False

    # -- publishing -----------------------------------------------------------------------

    async def publish(self, channel: str, event: dict[str, Any]) -> int:
        reached = self._deliver(channel, event)
        await self.start()
        assert self._redis is not None
        body = json.dumps({"origin": self._origin, "channel": channel, "event": event})
        try:
            subscribers = int(await self._redis.publish(self._redis_channel(channel), body))
        except (RedisError, OSError) as exc:
            log.warning("event not published: %s", type(exc).__name__)
            return reached
        if channel.startswith(EXACT_PREFIX):
            # PUBLISH counted this process too if it follows the channel.
            own = 1 if channel in self._confirmed else 0
            return reached + max(0, subscribers - own)
        return reached

    # -- subscribing ----------------------------------------------------------------------

    def attach(self, queue: Queue, channel: str) -> None:
        first = channel.startswith(EXACT_PREFIX) and not self.listeners(channel)
        super().attach(queue, channel)
        if first:
            self._commands.put_nowait(("subscribe", channel))

    def detach(self, queue: Queue, channel: str) -> None:
        had = self.listeners(channel)
        super().detach(queue, channel)
        if channel.startswith(EXACT_PREFIX) and had and not self.listeners(channel):
            self._commands.put_nowait(("unsubscribe", channel))

    async def _ready(self, channels: tuple[str, ...]) -> None:
        """Wait (briefly) until Redis confirms the subscriptions, so that a screen that
        reads the database next misses nothing published after. If Redis is away, go on:
        the screen still has the database and this process's own events."""
        await self.start()
        waits = []
        for channel in channels:
            if channel.startswith(EXACT_PREFIX) and channel not in self._confirmed:
                waits.append(self._waiters.setdefault(channel, asyncio.Event()).wait())
        if not self._connected.is_set():
            waits.append(self._connected.wait())
        if waits:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.gather(*waits), SUBSCRIBE_WAIT_SECONDS)

    # -- the reader -----------------------------------------------------------------------

    async def _read_forever(self) -> None:
        delay = 0.2
        while True:
            try:
                await self._listen()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any failure: log, reconnect; never a silent stop
                log.warning("event bus connection lost: %s", type(exc).__name__)
            self._lost()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)

    async def _listen(self) -> None:
        assert self._redis is not None
        pubsub: Any = self._redis.pubsub()
        self._pubsub = pubsub
        try:
            await pubsub.psubscribe(self._pattern())
            wanted = [c for c in self._subscribers if c.startswith(EXACT_PREFIX)]
            if wanted:
                await pubsub.subscribe(*(self._redis_channel(c) for c in wanted))
            while True:
                await self._run_commands(pubsub)
                message = await pubsub.get_message(ignore_subscribe_messages=False, timeout=0.2)
                if message is not None:
                    self._on_message(message)
        finally:
            self._pubsub = None
            with contextlib.suppress(RedisError, OSError):
                await pubsub.aclose()

    async def _run_commands(self, pubsub: Any) -> None:
        # Subscriptions change only here, in order, on the reader's own connection.
        while not self._commands.empty():
            action, channel = self._commands.get_nowait()
            if action == "subscribe" and self.listeners(channel):
                await pubsub.subscribe(self._redis_channel(channel))
            elif action == "unsubscribe" and not self.listeners(channel):
                await pubsub.unsubscribe(self._redis_channel(channel))

    def _on_message(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        name = _text(message.get("channel"))
        if kind == "psubscribe":
            self._connected.set()
            if self._outage:
                # Screens opened while Redis was away have seen only this instance's events.
                self._outage = False
                self._resync_all()
            return
        channel = name.removeprefix(f"{self._prefix}:ev:p:")
        if kind == "subscribe":
            self._confirmed.add(channel)
            waiter = self._waiters.pop(channel, None)
            if waiter is not None:
                waiter.set()
            return
        if kind == "unsubscribe":
            self._confirmed.discard(channel)
            return
        if kind not in ("message", "pmessage"):
            return
        try:
            body = json.loads(_text(message.get("data")))
        except ValueError:
            return
        if not isinstance(body, dict) or body.get("origin") == self._origin:
            return
        event = body.get("event")
        if isinstance(event, dict) and isinstance(body.get("channel"), str):
            self._deliver(body["channel"], event)

    def _lost(self) -> None:
        was_connected = self._connected.is_set()
        self._connected.clear()
        self._confirmed.clear()
        self._outage = True
        # Pending commands are void: the next connection subscribes to what is open then.
        while not self._commands.empty():
            self._commands.get_nowait()
        if was_connected:
            # Once per outage, not at every retry: screens reconnect, and read the database.
            self._resync_all()


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value or "")


def make_event_hub(settings: Settings) -> EventHub:
    """Redis pub/sub when REDIS_URL is set (several web instances), else in-process."""
    if settings.redis_url:
        return RedisEventHub(settings.redis_url, settings.redis_key_prefix)
    return EventHub()


async def forward_until_done(
    queue: Queue,
    reader: asyncio.Task[None],
    forward: Callable[[dict[str, Any]], Awaitable[None]],
) -> None:
    """Pass each event to `forward` until `reader` (the screen's side of a socket) ends.

    A screen's socket has two directions at once: what it sends (the reader task) and what
    it should be sent (the queue). When the reader ends, the screen has gone, so stop. A
    RESYNC event also stops: the caller closes the socket, and the screen reconnects and
    reads what it missed from the database.
    """
    while not reader.done():
        getter = asyncio.create_task(queue.get())
        done, _ = await asyncio.wait({getter, reader}, return_when=asyncio.FIRST_COMPLETED)
        if getter not in done:
            getter.cancel()
            return
        event = getter.result()
        if event.get("type") == RESYNC:
            return
        await forward(event)
