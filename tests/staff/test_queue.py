"""The handoff queue: order, positions, and exactly one winner when two supporters claim."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from bot.conversations import handoff
from bot.staff.accounts import create_account
from bot.store.models import Conversation, HandoffRequest, StaffAccount

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)


def request(
    session: Session, language: str, minutes_ago: int, urgent: bool = False, english: bool = False
) -> HandoffRequest:
    conversation = Conversation(language=language, language_source="chosen")
    session.add(conversation)
    session.flush()
    return handoff.enqueue(
        session,
        conversation,
        language=language,
        urgent=urgent,
        accepts_english=english,
        now=NOW - timedelta(minutes=minutes_ago),
    )


def account(session: Session, name: str, languages: list[str]) -> StaffAccount:
    return create_account(
        session,
        username=name,
        display_name=name,
        password="a long enough password",
        roles=["peer_supporter"],
        languages=languages,
    )


def test_urgent_requests_go_first_then_the_longest_waiting(sessions: Callable[[], Session]) -> None:
    with sessions() as session, session.begin():
        old = request(session, "cy", 10)
        newer = request(session, "cy", 5)
        urgent = request(session, "cy", 1, urgent=True)
        welsh = account(session, "welsh", ["cy"])
        assert [r.id for r in handoff.queue_for(session, welsh)] == [urgent.id, old.id, newer.id]
        assert handoff.position(session, urgent) == 1
        assert handoff.position(session, old) == 2
        assert handoff.position(session, newer) == 3


def test_supporters_see_only_requests_in_their_languages(sessions: Callable[[], Session]) -> None:
    with sessions() as session, session.begin():
        cy_only = request(session, "cy", 3)
        cy_english_ok = request(session, "cy", 2, english=True)
        en = request(session, "en", 1)
        english = account(session, "english", ["en"])
        welsh = account(session, "welsh", ["cy"])
        assert [r.id for r in handoff.queue_for(session, english)] == [cy_english_ok.id, en.id]
        assert [r.id for r in handoff.queue_for(session, welsh)] == [cy_only.id, cy_english_ok.id]
        # An English request does not queue behind Welsh-only ones.
        assert handoff.position(session, en) == 2


def test_two_supporters_claiming_at_once_have_exactly_one_winner(
    sessions: Callable[[], Session],
) -> None:
    with sessions() as session, session.begin():
        target = request(session, "en", 1).id
        ids = [account(session, f"s{i}", ["en"]).id for i in range(6)]
    barrier = threading.Barrier(len(ids))
    results: list[bool] = []

    def race(staff_id: int) -> None:
        with sessions() as session, session.begin():
            me = session.get(StaffAccount, staff_id)
            assert me is not None
            barrier.wait()
            results.append(handoff.claim(session, target, me, NOW))

    threads = [threading.Thread(target=race, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True]
    with sessions() as session:
        claimed = session.get(HandoffRequest, target)
        assert claimed is not None and claimed.status == "active"
        conversation = session.get(Conversation, claimed.conversation_id)
        assert conversation is not None and conversation.state == "with_peer"


def test_a_requeued_request_keeps_its_place(sessions: Callable[[], Session]) -> None:
    with sessions() as session, session.begin():
        first = request(session, "en", 10)
        second = request(session, "en", 5)
        me = account(session, "me", ["en"])
        assert handoff.claim(session, first.id, me, NOW)
        assert handoff.position(session, second) == 1
        handoff.requeue(session, first)
        assert handoff.position(session, first) == 1
        assert handoff.position(session, second) == 2


def test_the_wait_estimate_is_the_median_of_recent_claims(sessions: Callable[[], Session]) -> None:
    with sessions() as session, session.begin():
        me = account(session, "me", ["en"])
        assert handoff.typical_wait_minutes(session, NOW) is None
        for waited in (2, 4, 9):
            r = request(session, "en", 30)
            handoff.claim(session, r.id, me, r.queued_at + timedelta(minutes=waited))
        assert handoff.typical_wait_minutes(session, NOW) == 4
