"""Retention and erasure on a real migrated database: what goes, what stays, counted once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from bot.ops.stack import migrate
from bot.privacy.erasure import erase_records
from bot.privacy.retention import release_lease, run_once, sweep, take_lease
from bot.settings import ROOT, Settings
from bot.store.db import get_sessionmaker
from bot.store.models import (
    AuditEvent,
    CallbackRequest,
    Conversation,
    HandoffRequest,
    Message,
    PeerFeedback,
    SafeguardingConcern,
    StaffAccount,
    TelegramChat,
    UsageDaily,
)
from tests.privacy.test_rasa_tracker import rasa

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=timezone.utc)


def days_ago(days: float, now: datetime = NOW) -> datetime:
    return now - timedelta(days=days)


def add_conversation(
    session: Session,
    *,
    started: float,
    last: float,
    channel: str = "web",
    language: str | None = "en",
    messages: int = 2,
    now: datetime = NOW,
) -> str:
    conversation = Conversation(
        channel=channel,
        language=language,
        created_at=days_ago(started, now),
        last_activity_at=days_ago(last, now),
    )
    session.add(conversation)
    session.flush()
    for seq in range(1, messages + 1):
        session.add(
            Message(
                conversation_id=conversation.id,
                seq=seq,
                sender="user" if seq % 2 else "bot",
                text=f"message {seq}, ring me on 07700 900123",
                lang=language,
            )
        )
    return conversation.id


@pytest.fixture
def supporter(sessions: Callable[[], Session]) -> int:
    with sessions() as session, session.begin():
        account = StaffAccount(username="sian", display_name="Sian", password_hash="x")
        session.add(account)
        session.flush()
        return account.id


def count_rows(session: Session, model: type, conversation_id: str) -> int:
    return len(session.scalars(select(model).where(model.conversation_id == conversation_id)).all())


def test_idle_conversations_go_with_everything_that_points_at_a_person(
    sessions: Callable[[], Session], settings: Settings, supporter: int
) -> None:
    with sessions() as session, session.begin():
        idle = add_conversation(session, started=40, last=31, channel="telegram", language="cy")
        recent = add_conversation(session, started=29, last=29)
        # Started long ago but still going: "older than" is the last activity.
        ongoing = add_conversation(session, started=90, last=0.01)
        handoff = HandoffRequest(
            conversation_id=idle,
            language="cy",
            status="ended",
            claimed_at=days_ago(35),
            supporter_id=supporter,
            handback_note="she gave her address CF10 1AA",
        )
        session.add(handoff)
        session.flush()
        session.add(PeerFeedback(handoff_id=handoff.id, helpful="yes"))
        session.add(
            SafeguardingConcern(
                conversation_id=idle,
                handoff_id=handoff.id,
                raised_by=supporter,
                note="Worried. Her mobile is 07700 900123.",
                created_at=days_ago(35),
            )
        )
        session.add(
            CallbackRequest(
                conversation_id=idle, language="cy", method="phone", contact_encrypted="token"
            )
        )
        session.add(TelegramChat(chat_id=123456789, conversation_id=idle))
        session.get(Conversation, idle).risk_flagged_at = days_ago(36)  # type: ignore[union-attr]

    report = sweep(sessions, settings, now=NOW)

    assert report.conversations_deleted == 1 and report.concerns_deleted == 0
    with sessions() as session:
        assert session.get(Conversation, idle) is None
        for model in (Message, HandoffRequest, CallbackRequest, TelegramChat):
            assert count_rows(session, model, idle) == 0, model
        assert session.scalars(select(PeerFeedback)).all() == []
        assert session.get(Conversation, recent) is not None
        assert session.get(Conversation, ongoing) is not None
        # The safeguarding record stays, detached, with the contact details gone.
        concern = session.scalars(select(SafeguardingConcern)).one()
        assert concern.conversation_id is None and concern.handoff_id is None
        assert concern.detached_at is not None
        assert concern.note == "Worried. Her mobile is [phone]."
        # Anonymous counts, under the day it started.
        day = session.scalars(select(UsageDaily)).one()
        assert (day.day.isoformat(), day.channel, day.language) == ("2026-05-06", "telegram", "cy")
        assert (day.conversations, day.messages_from_people, day.messages_to_people) == (1, 1, 1)
        assert (day.handoffs, day.peer_chats, day.crisis_flags, day.callbacks) == (1, 1, 1, 1)
        assert (day.feedback_helpful, day.feedback_not_helpful, day.erased_on_request) == (1, 0, 0)
        # Expiry is not an erasure request: no audit line about it.
        assert session.scalars(select(AuditEvent)).all() == []

    # Years later, the detached concern goes too.
    later = NOW + timedelta(days=settings.safeguarding_retention_days)
    assert sweep(sessions, settings, now=later).concerns_deleted == 1


def test_a_conversation_that_wakes_up_during_a_sweep_is_not_expired(
    sessions: Callable[[], Session],
) -> None:
    with sessions() as session, session.begin():
        cid = add_conversation(session, started=40, last=31)
    with sessions() as session, session.begin():
        # The sweep chose it, then a message arrived before the delete.
        session.execute(
            text("UPDATE conversation SET last_activity_at = :now WHERE id = :id"),
            {"now": NOW, "id": cid},
        )
        assert not erase_records(session, cid, "retention", idle_since=days_ago(30))
    with sessions() as session:
        assert session.get(Conversation, cid) is not None
        assert session.scalars(select(UsageDaily)).all() == []


def test_days_add_up_and_no_conversation_is_counted_twice(
    sessions: Callable[[], Session], settings: Settings
) -> None:
    with sessions() as session, session.begin():
        ids = [add_conversation(session, started=45, last=40, messages=3) for _ in range(3)]
        add_conversation(session, started=45, last=40, language=None, messages=1)
    with sessions() as session, session.begin():
        assert erase_records(session, ids[0], "request")
        assert not erase_records(session, ids[0], "request")
    assert sweep(sessions, settings, now=NOW).conversations_deleted == 3
    assert sweep(sessions, settings, now=NOW).conversations_deleted == 0
    with sessions() as session:
        rows = {r.language: r for r in session.scalars(select(UsageDaily))}
    assert rows["en"].conversations == 3 and rows["en"].erased_on_request == 1
    assert rows["en"].messages_from_people == 6 and rows["en"].messages_to_people == 3
    assert rows["none"].conversations == 1


def test_one_sweeper_at_a_time(sessions: Callable[[], Session], settings: Settings) -> None:
    assert take_lease(sessions, "machine-a:1", NOW)
    assert not take_lease(sessions, "machine-b:2", NOW)
    assert take_lease(sessions, "machine-a:1", NOW)  # the holder may renew
    with sessions() as session, session.begin():
        add_conversation(session, started=40, last=35)
    assert run_once(settings, now=NOW) is None  # someone else holds it: nothing done
    with sessions() as session:
        assert len(session.scalars(select(Conversation)).all()) == 1
    # A holder that died: its lease runs out, and the next sweeper gets in.
    assert take_lease(sessions, "machine-b:2", NOW + timedelta(hours=2))
    release_lease(sessions, "machine-b:2")
    report = run_once(settings, now=NOW)
    assert report is not None and report.conversations_deleted == 1


def test_the_command_line_sweeps_and_prints_the_counts(
    sessions: Callable[[], Session], database_url: str
) -> None:
    with sessions() as session, session.begin():
        today = datetime.now(timezone.utc)
        add_conversation(session, started=400, last=400, language="cy", now=today)
        add_conversation(session, started=1, last=1, now=today)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RETENTION_DAYS": "30",
        "PYTHONPATH": str(ROOT),
    }

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "bot.privacy.retention", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert "07700" not in done.stdout + done.stderr
        return done.stdout

    assert "Deleted 1 conversations idle for more than 30 days" in cli("run")
    lines = cli("stats", "--csv").splitlines()
    assert lines[0].startswith("day,channel,language,conversations,")
    assert len(lines) == 2 and ",web,cy,1," in lines[1]


# -- PostgreSQL: two sweepers racing (no lease) still count each conversation once --------


@pytest.fixture
def postgres_url() -> Iterator[str]:
    name = f"cymar_retention_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        "postgresql+psycopg2://postgres@127.0.0.1/postgres", isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is needed for this test: {exc}")
    url = f"postgresql+psycopg2://postgres@127.0.0.1/{name}"
    try:
        migrate(url)
        yield url
    finally:
        get_sessionmaker(url).kw["bind"].dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_racing_sweepers_on_postgresql_count_each_conversation_once(
    postgres_url: str, tracker_store_url: str
) -> None:
    sessions = get_sessionmaker(postgres_url)
    with sessions() as session, session.begin():
        for _ in range(60):
            add_conversation(session, started=50, last=45, messages=2)
    settings = Settings(database_url=postgres_url, rasa_tracker_store_url=tracker_store_url)
    deleted: list[int] = []
    start = threading.Barrier(3)

    def racer() -> None:
        start.wait()
        deleted.append(sweep(sessions, settings, now=NOW).conversations_deleted)

    racers = [threading.Thread(target=racer) for _ in range(3)]
    for thread in racers:
        thread.start()
    for thread in racers:
        thread.join(timeout=60)
    assert sum(deleted) == 60
    with sessions() as session:
        day = session.scalars(select(UsageDaily)).one()
        assert day.conversations == 60 and day.messages_from_people == 60
        assert session.scalars(select(Conversation)).all() == []


def test_the_sweep_expires_rasas_copy_and_erases_trackers_whose_conversation_is_gone(
    sessions: Callable[[], Session], settings: Settings, tracker_store_url: str
) -> None:
    with sessions() as session, session.begin():
        idle = add_conversation(session, started=40, last=35, messages=1)
        live = add_conversation(session, started=1, last=0.5, messages=1)
    # The erased conversation's tracker was left behind (the store was down at the time).
    erased_earlier = uuid.uuid4().hex
    recent = NOW.timestamp() - 3600
    rasa(
        "write",
        tracker_store_url,
        json.dumps(
            {
                idle: [["user", "old words", days_ago(35).timestamp()]],
                live: [["user", "new words", recent]],
                erased_earlier: [["user", "please forget me", recent]],
            }
        ),
    )

    report = sweep(sessions, settings, now=NOW)

    after = rasa("read", tracker_store_url, idle, live, erased_earlier)
    assert after[idle] is None and after[erased_earlier] is None
    assert [text for _, text, _ in after[live]] == ["new words"]
    assert report.tracker_rows_deleted >= 1 and report.orphan_trackers_erased >= 1
