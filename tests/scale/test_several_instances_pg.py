"""Work that every web instance does at once, against one real PostgreSQL database.

Each "instance" is a thread with its own engine, sessions and event loop, as separate
processes would have; a barrier starts them together so their transactions overlap.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.content.catalogue import ResponseCatalogue
from bot.conversations import handoff
from bot.conversations.events import EventHub
from bot.conversations.messages import append
from bot.conversations.peer_relay import PeerDesk
from bot.directory.seed import refresh_occurrences, seed_directory
from bot.settings import ROOT, Settings
from bot.staff.accounts import create_account
from bot.store.db import make_engine
from bot.store.models import Conversation, HandoffRequest, Message, SessionOccurrence

INSTANCES = 3


def instance_sessions(url: str) -> sessionmaker[Session]:
    return sessionmaker(make_engine(url), expire_on_commit=False)


def all_at_once(work: Callable[[int], Any], instances: int = INSTANCES) -> list[Any]:
    """Run work(i) in `instances` threads started together; re-raise the first failure."""
    barrier = threading.Barrier(instances)
    results: list[Any] = [None] * instances
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(instances)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    if errors:
        raise errors[0]
    return results


def overdue_requests(sessions: sessionmaker[Session], count: int) -> list[str]:
    long_ago = datetime.now(timezone.utc) - timedelta(hours=1)
    ids = []
    with sessions() as session, session.begin():
        for _ in range(count):
            conversation = Conversation(channel="web", language="cy", language_source="chosen")
            session.add(conversation)
            session.flush()
            handoff.enqueue(
                session,
                conversation,
                language="cy",
                urgent=False,
                accepts_english=False,
                now=long_ago,
            )
            ids.append(conversation.id)
    return ids


def desk_for(url: str) -> PeerDesk:
    sessions = instance_sessions(url)
    return PeerDesk(
        sessions, ResponseCatalogue(ROOT / "data", sessions), EventHub(), Settings(database_url=url)
    )


def system_messages(sessions: sessionmaker[Session], conversation_id: str) -> int:
    with sessions() as session:
        return int(
            session.scalar(
                select(func.count(Message.id)).where(
                    Message.conversation_id == conversation_id, Message.sender == "system"
                )
            )
            or 0
        )


def test_watchdogs_on_every_instance_tell_a_person_who_waited_too_long_only_once(
    postgres_url: str,
) -> None:
    sessions = instance_sessions(postgres_url)
    waiting = overdue_requests(sessions, 25)
    desks = [desk_for(postgres_url) for _ in range(INSTANCES)]
    all_at_once(lambda i: asyncio.run(desks[i].sweep()))
    assert [system_messages(sessions, cid) for cid in waiting] == [1] * len(waiting)
    with sessions() as session:
        told = session.scalars(select(HandoffRequest.timeout_offered_at)).all()
    assert all(t is not None for t in told)


def test_watchdogs_on_every_instance_requeue_a_vanished_supporter_once(
    postgres_url: str,
) -> None:
    sessions = instance_sessions(postgres_url)
    chats = overdue_requests(sessions, 10)
    long_ago = datetime.now(timezone.utc) - timedelta(hours=1)
    with sessions() as session, session.begin():
        supporter = create_account(
            session,
            username="vanished",
            display_name="Vanished",
            password="correct horse battery staple",
            roles=["peer_supporter"],
            languages=["cy"],
        )
        supporter.last_seen_at = long_ago
        session.flush()
        for request in session.scalars(select(HandoffRequest)):
            assert handoff.claim(session, request.id, supporter, long_ago)
            # Already told about the wait, so only the requeue speaks.
            request.timeout_offered_at = long_ago
        supporter_id = supporter.id
    desks = [desk_for(postgres_url) for _ in range(INSTANCES)]
    all_at_once(lambda i: asyncio.run(desks[i].sweep()))
    assert [system_messages(sessions, cid) for cid in chats] == [1] * len(chats)
    with sessions() as session:
        statuses = session.scalars(select(HandoffRequest.status)).all()
        states = session.scalars(select(Conversation.state)).all()
    assert set(statuses) == {"waiting"} and set(states) == {"waiting_for_peer"}
    assert supporter_id


def test_two_instances_appending_to_one_conversation_both_store_in_order(
    postgres_url: str,
) -> None:
    # A person's message on one instance and a supporter's on another, at the same moment:
    # each gets its own seq, and neither fails.
    sessions = instance_sessions(postgres_url)
    with sessions() as session, session.begin():
        conversation = Conversation(channel="web", language="en", language_source="chosen")
        session.add(conversation)
        session.flush()
        cid = conversation.id
    per_instance = 15

    def write(i: int) -> None:
        own = instance_sessions(postgres_url)
        for n in range(per_instance):
            with own() as session, session.begin():
                target = session.get(Conversation, cid)
                assert target is not None
                append(session, target, sender="user" if i else "peer", text=f"{i}-{n}", lang="en")

    all_at_once(write)
    with sessions() as session:
        rows = session.execute(
            select(Message.seq, Message.text).where(Message.conversation_id == cid)
        ).all()
    assert sorted(seq for seq, _ in rows) == list(range(1, INSTANCES * per_instance + 1))
    # Each instance's own messages kept their order.
    for i in range(INSTANCES):
        mine = [text for _, text in sorted(rows) if text.startswith(f"{i}-")]
        assert mine == [f"{i}-{n}" for n in range(per_instance)]


def test_every_instance_extending_session_dates_at_once_adds_each_date_once(
    postgres_url: str,
) -> None:
    sessions = instance_sessions(postgres_url)
    with sessions() as session, session.begin():
        seed_directory(session, ROOT / "data" / "directory" / "services.yml")
    with sessions() as session:
        before = session.scalar(select(func.count(SessionOccurrence.id)))
    # A later day: each instance has the same new dates to add.
    later = datetime.now(timezone.utc).date() + timedelta(days=30)
    all_at_once(lambda i: refresh_occurrences(instance_sessions(postgres_url), today=later))
    with sessions() as session:
        after = session.scalar(select(func.count(SessionOccurrence.id)))
        distinct = session.scalar(
            select(func.count()).select_from(
                select(SessionOccurrence.service_id, SessionOccurrence.starts_at)
                .distinct()
                .subquery()
            )
        )
    assert after == distinct and after is not None and before is not None and after > before
    # And once more, later still, nothing is added twice.
    refresh_occurrences(sessions, today=later)
    with sessions() as session:
        assert session.scalar(select(func.count(SessionOccurrence.id))) == after
