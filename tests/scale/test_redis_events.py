"""The Redis event hub: what one web instance publishes reaches screens on another.

Two hubs stand for two web instances (each has its own Redis connections, as two
processes would); the Redis is the real one on this machine.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis

from bot.conversations.events import (
    INBOX,
    RESYNC,
    EventHub,
    RedisEventHub,
    forward_until_done,
    make_event_hub,
)
from bot.conversations.peer_relay import chat_channel, person_channel
from bot.ops.stack import LOCAL_REDIS
from bot.settings import Settings


@pytest.fixture
async def hubs(redis_prefix: str) -> AsyncIterator[tuple[RedisEventHub, RedisEventHub]]:
    first, second = (
        RedisEventHub(LOCAL_REDIS, redis_prefix),
        RedisEventHub(LOCAL_REDIS, redis_prefix),
    )
    await first.start()
    await second.start()
    yield first, second
    await first.stop()
    await second.stop()


async def next_event(queue: asyncio.Queue[dict[str, Any]], timeout: float = 5) -> dict[str, Any]:
    return await asyncio.wait_for(queue.get(), timeout)


async def test_a_peer_message_published_on_one_instance_reaches_a_person_on_the_other(
    hubs: tuple[RedisEventHub, RedisEventHub],
) -> None:
    here, there = hubs
    channel = person_channel("c1")
    async with there.subscribe(channel) as screen:
        reached = await here.publish(channel, {"type": "message", "from": "peer", "seq": 7})
        event = await next_event(screen)
    assert event == {"type": "message", "from": "peer", "seq": 7, "channel": channel}
    # Counted, so the supporter sees "delivered" only when a screen really got it.
    assert reached == 1


async def test_nobody_listening_anywhere_counts_as_not_reached(
    hubs: tuple[RedisEventHub, RedisEventHub],
) -> None:
    here, there = hubs
    channel = person_channel("c2")
    async with there.subscribe(channel):
        pass
    # The screen has gone, so the instance has unsubscribed.
    for _ in range(50):
        if await here.publish(channel, {"type": "typing"}) == 0:
            break
        await asyncio.sleep(0.05)
    assert await here.publish(channel, {"type": "message", "seq": 1}) == 0


async def test_a_chat_attached_without_waiting_gets_the_very_next_event(
    hubs: tuple[RedisEventHub, RedisEventHub],
) -> None:
    # A supporter opening a chat attaches its channel synchronously, right after reading
    # the chat from the database: nothing published after that read may be missed.
    here, there = hubs
    async with there.subscribe(INBOX) as inbox:
        there.attach(inbox, chat_channel("c3"))
        await here.publish(chat_channel("c3"), {"type": "message", "from": "user", "seq": 4})
        event = await next_event(inbox)
    assert event["channel"] == chat_channel("c3") and event["seq"] == 4


async def test_own_events_arrive_once_and_in_order(
    hubs: tuple[RedisEventHub, RedisEventHub],
) -> None:
    here, there = hubs
    channel = person_channel("c4")
    async with here.subscribe(channel) as local, there.subscribe(channel) as remote:
        for seq in range(1, 21):
            await here.publish(channel, {"type": "message", "seq": seq})
        got_local = [(await next_event(local))["seq"] for _ in range(20)]
        got_remote = [(await next_event(remote))["seq"] for _ in range(20)]
        await asyncio.sleep(0.3)
        assert local.empty() and remote.empty()
    assert got_local == got_remote == list(range(1, 21))


def kill_pubsub_connections(prefix: str) -> int:
    """End this test's own subscriber connections (never anyone else's on the shared Redis)."""
    client = redis.Redis.from_url(LOCAL_REDIS)
    killed = 0
    for entry in client.client_list():
        subscribed = int(entry.get("sub", 0)) + int(entry.get("psub", 0))
        if entry.get("name") == f"{prefix}-events" and subscribed:
            client.client_kill_filter(_id=entry["id"])
            killed += 1
    client.close()
    return killed


async def test_a_lost_redis_link_tells_every_screen_to_resync_then_recovers(
    hubs: tuple[RedisEventHub, RedisEventHub], redis_prefix: str
) -> None:
    here, there = hubs
    channel = person_channel("c5")
    async with there.subscribe(channel) as screen:
        assert kill_pubsub_connections(redis_prefix) >= 1
        event = await next_event(screen)
        assert event["type"] == RESYNC
        # It reconnects and subscribes again by itself, and says "resync" once more (a
        # screen that opened during the outage saw only its own instance's events).
        for _ in range(100):
            if await there.healthy() and await here.publish(channel, {"type": "probe"}):
                break
            await asyncio.sleep(0.1)
        await here.publish(channel, {"type": "message", "seq": 9})
        seen = []
        while (event := await next_event(screen))["type"] != "message":
            seen.append(event["type"])
        assert event["seq"] == 9
        assert set(seen) <= {RESYNC, "probe"} and seen.count(RESYNC) == 1


async def test_publishing_without_redis_still_reaches_this_instance() -> None:
    hub = RedisEventHub("redis://127.0.0.1:1/0", "cymartestdown")
    try:
        async with hub.subscribe(person_channel("c6")) as screen:
            assert await hub.publish(person_channel("c6"), {"type": "message", "seq": 1}) == 1
            assert (await next_event(screen))["seq"] == 1
        assert not await hub.healthy()
    finally:
        await hub.stop()


async def test_a_resync_ends_the_forwarding_so_the_socket_closes() -> None:
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    forwarded: list[dict[str, Any]] = []
    reader = asyncio.create_task(asyncio.sleep(30))

    async def forward(event: dict[str, Any]) -> None:
        forwarded.append(event)

    queue.put_nowait({"type": "message", "seq": 1})
    queue.put_nowait({"type": RESYNC})
    queue.put_nowait({"type": "message", "seq": 2})
    await asyncio.wait_for(forward_until_done(queue, reader, forward), 5)
    reader.cancel()
    assert forwarded == [{"type": "message", "seq": 1}]


def test_the_settings_choose_the_hub() -> None:
    assert type(make_event_hub(Settings(redis_url=None))) is EventHub
    hub = make_event_hub(Settings(redis_url=LOCAL_REDIS, redis_key_prefix="cymar"))
    assert isinstance(hub, RedisEventHub)


def test_a_key_prefix_rasa_would_refuse_is_refused_at_start() -> None:
    with pytest.raises(ValueError):
        Settings(redis_key_prefix="cymar-prod")
