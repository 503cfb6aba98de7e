"""Per-conversation turn locks and the Telegram lease, across "instances" on real Redis."""

from __future__ import annotations

import asyncio

from bot.conversations.turn_locks import RedisTurnLocks, TurnLocks, make_turn_locks
from bot.ops.lease import Lease, run_while_holding
from bot.ops.stack import LOCAL_REDIS
from bot.settings import Settings


async def test_one_conversation_takes_one_turn_at_a_time_across_instances(
    redis_prefix: str,
) -> None:
    first, second = (
        RedisTurnLocks(LOCAL_REDIS, redis_prefix),
        RedisTurnLocks(LOCAL_REDIS, redis_prefix),
    )
    order: list[str] = []

    async def turn(locks: TurnLocks, name: str) -> None:
        async with locks.hold("conversation-1"):
            order.append(f"{name} starts")
            await asyncio.sleep(0.3)
            order.append(f"{name} ends")

    await asyncio.gather(turn(first, "a"), turn(second, "b"), turn(first, "c"))
    # Never two at once: every start is followed by its own end.
    assert [step.split()[1] for step in order] == ["starts", "ends"] * 3
    assert [order[i].split()[0] for i in range(0, 6, 2)] == [
        order[i].split()[0] for i in range(1, 6, 2)
    ]
    # Other conversations do not wait for it.
    async with first.hold("conversation-1"):
        await asyncio.wait_for(_enter(second, "conversation-2"), 1)
    await first.aclose()
    await second.aclose()


async def _enter(locks: TurnLocks, conversation_id: str) -> None:
    async with locks.hold(conversation_id):
        pass


async def test_a_turn_goes_ahead_when_redis_is_away() -> None:
    locks = RedisTurnLocks("redis://127.0.0.1:1/0", "cymartestdown")
    async with locks.hold("conversation-1"):
        entered = True
    assert entered
    await locks.aclose()


async def test_a_lock_left_by_a_dead_instance_expires(redis_prefix: str) -> None:
    dead = RedisTurnLocks(LOCAL_REDIS, redis_prefix, lease_seconds=0.5)
    alive = RedisTurnLocks(LOCAL_REDIS, redis_prefix, lease_seconds=0.5, wait_seconds=5)
    holder = asyncio.create_task(_hold_forever(dead))
    await asyncio.sleep(0.1)
    started = asyncio.get_running_loop().time()
    await _enter(alive, "conversation-1")
    waited = asyncio.get_running_loop().time() - started
    assert 0.2 < waited < 3
    holder.cancel()
    await asyncio.gather(holder, return_exceptions=True)
    await dead.aclose()
    await alive.aclose()


async def _hold_forever(locks: RedisTurnLocks) -> None:
    async with locks.hold("conversation-1"):
        await asyncio.sleep(60)


def test_the_settings_choose_the_locks() -> None:
    assert type(make_turn_locks(Settings(redis_url=None))) is TurnLocks
    assert isinstance(make_turn_locks(Settings(redis_url=LOCAL_REDIS)), RedisTurnLocks)


class Job:
    """Stands in for Telegram's poller: records when it runs."""

    def __init__(self) -> None:
        self.running = False
        self.starts = 0

    async def start(self) -> None:
        self.running = True
        self.starts += 1

    async def stop(self) -> None:
        self.running = False


async def test_of_two_instances_exactly_one_runs_the_job_and_the_other_takes_over(
    redis_prefix: str,
) -> None:
    key = f"{redis_prefix}:lease:telegram"
    jobs = [Job(), Job()]
    runners = [
        asyncio.create_task(run_while_holding(Lease(LOCAL_REDIS, key, 0.6), j.start, j.stop))
        for j in jobs
    ]
    for _ in range(20):
        await asyncio.sleep(0.1)
        assert sum(j.running for j in jobs) <= 1
    assert sum(j.running for j in jobs) == 1
    leader = next(i for i, j in enumerate(jobs) if j.running)
    # The leader's process goes: it stops its job and lets the lease go.
    runners[leader].cancel()
    await asyncio.gather(runners[leader], return_exceptions=True)
    other = jobs[1 - leader]
    for _ in range(30):
        if other.running:
            break
        await asyncio.sleep(0.1)
    assert other.running and not jobs[leader].running
    runners[1 - leader].cancel()
    await asyncio.gather(runners[1 - leader], return_exceptions=True)


async def test_a_leader_that_cannot_reach_redis_stops_before_its_lease_could_pass(
    redis_prefix: str,
) -> None:
    lease = Lease(LOCAL_REDIS, f"{redis_prefix}:lease:telegram", 0.6)
    job = Job()
    runner = asyncio.create_task(run_while_holding(lease, job.start, job.stop))
    for _ in range(20):
        if job.running:
            break
        await asyncio.sleep(0.05)
    assert job.running
    # Redis goes away for this instance.
    await lease._redis.aclose()
    lease._redis = Lease("redis://127.0.0.1:1/0", "unreachable")._redis
    await asyncio.sleep(0.9)
    assert not job.running
    runner.cancel()
    await asyncio.gather(runner, return_exceptions=True)
