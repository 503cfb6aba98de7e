"""Live events for open screens: a person's chat window, a supporter's inbox.

Events only say "look again": everything they carry is already stored, so a screen that
missed one (it was offline, the process restarted) catches up by reading the database.
That is why an in-process hub is enough on one machine; scaling out swaps in Redis pub/sub
behind the same two methods.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

log = logging.getLogger(__name__)

INBOX = "inbox"
QUEUE_SIZE = 256


def conversation_channel(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


def staff_channel(staff_id: int) -> str:
    return f"staff:{staff_id}"


class EventHub:
    """Publish/subscribe within one process."""

    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[dict[str, Any]]]] = defaultdict(set)

    def listeners(self, channel: str) -> int:
        return len(self._subscribers.get(channel, ()))

    async def publish(self, channel: str, event: dict[str, Any]) -> int:
        """Deliver to every subscriber; returns how many screens it reached."""
        reached = 0
        for queue in list(self._subscribers.get(channel, ())):
            try:
                queue.put_nowait({**event, "channel": channel})
                reached += 1
            except asyncio.QueueFull:
                # A screen that stopped reading: it will re-sync from the database.
                log.warning("event queue full on %s", channel.split(":")[0])
        return reached

    def attach(self, queue: asyncio.Queue[dict[str, Any]], channel: str) -> None:
        """Add a channel to an open subscription (a supporter opens another chat)."""
        self._subscribers[channel].add(queue)

    def detach(self, queue: asyncio.Queue[dict[str, Any]], channel: str) -> None:
        self._subscribers.get(channel, set()).discard(queue)
        if channel in self._subscribers and not self._subscribers[channel]:
            del self._subscribers[channel]

    @asynccontextmanager
    async def subscribe(self, *channels: str) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        for channel in channels:
            self.attach(queue, channel)
        try:
            yield queue
        finally:
            for channel in [c for c, queues in self._subscribers.items() if queue in queues]:
                self.detach(queue, channel)


async def forward_until_done(
    queue: asyncio.Queue[dict[str, Any]],
    reader: asyncio.Task[None],
    forward: Callable[[dict[str, Any]], Awaitable[None]],
) -> None:
    """Pass each event to `forward` until `reader` (the screen's side of a socket) ends.

    A screen's socket has two directions at once: what it sends (the reader task) and what
    it should be sent (the queue). When the reader ends, the screen has gone, so stop.
    """
    while not reader.done():
        getter = asyncio.create_task(queue.get())
        done, _ = await asyncio.wait({getter, reader}, return_when=asyncio.FIRST_COMPLETED)
        if getter not in done:
            getter.cancel()
            return
        await forward(getter.result())
