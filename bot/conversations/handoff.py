"""The handoff queue: requests to talk to a peer supporter, from asking to hand back.

Everything here is a database operation inside the caller's transaction, so it works the
same whichever process (web, Telegram relay, watchdog) does it. The one race that matters,
two supporters claiming at once, is settled by a conditional UPDATE: exactly one row
changes, so exactly one supporter wins, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, and_, func, or_, select, update
from sqlalchemy.orm import Session

from bot.store.models import Conversation, HandoffRequest, Message, StaffAccount, as_utc

OPEN_STATUSES = ("waiting", "active")
# The recent claims used to estimate a wait.
WAIT_SAMPLE = 20
WAIT_WINDOW = timedelta(days=14)
TOPIC_MESSAGES = 12


def open_request(session: Session, conversation_id: str) -> HandoffRequest | None:
    """The conversation's request that is waiting or being answered, if any."""
    return session.scalars(
        select(HandoffRequest)
        .where(
            HandoffRequest.conversation_id == conversation_id,
            HandoffRequest.status.in_(OPEN_STATUSES),
        )
        .order_by(HandoffRequest.id.desc())
    ).first()


def topic_summary(session: Session, conversation_id: str) -> str:
    """What the conversation was about, from the answers given (never the person's words)."""
    keys = session.scalars(
        select(Message.response_key)
        .where(Message.conversation_id == conversation_id, Message.response_key.is_not(None))
        .order_by(Message.seq.desc())
        .limit(TOPIC_MESSAGES)
    ).all()
    topics: list[str] = []
    for key in keys:
        topic = (key or "").removeprefix("utter_")
        skip = topic.startswith(("welcome", "handoff", "callback", "offer", "error", "talk_to"))
        if topic and not skip and topic not in topics:
            topics.append(topic)
    return ", ".join(reversed(topics[:4]))[:200]


def enqueue(
    session: Session,
    conversation: Conversation,
    *,
    language: str,
    urgent: bool,
    accepts_english: bool,
    now: datetime,
) -> HandoffRequest:
    request = HandoffRequest(
        conversation_id=conversation.id,
        language=language,
        accepts_english=accepts_english or language == "en",
        topic_summary=topic_summary(session, conversation.id),
        urgent=urgent,
        status="waiting",
        asked_seq=session.scalar(
            select(func.max(Message.seq)).where(Message.conversation_id == conversation.id)
        )
        or 0,
        created_at=now,
        queued_at=now,
    )
    session.add(request)
    conversation.state = "waiting_for_peer"
    session.flush()
    return request


def _ahead_of(request: HandoffRequest) -> ColumnElement[bool]:
    """Requests served before this one: more urgent, or as urgent and older."""
    older = or_(
        HandoffRequest.queued_at < request.queued_at,
        and_(HandoffRequest.queued_at == request.queued_at, HandoffRequest.id < request.id),
    )
    if request.urgent:
        return and_(HandoffRequest.urgent.is_(True), older)
    return or_(HandoffRequest.urgent.is_(True), older)


def position(session: Session, request: HandoffRequest) -> int:
    """1 for the front. Counts only requests the same supporters could take first."""
    compatible = [HandoffRequest.language == request.language]
    if request.accepts_english:
        compatible.append(HandoffRequest.language == "en")
        compatible.append(HandoffRequest.accepts_english.is_(True))
    ahead = session.scalars(
        select(HandoffRequest.id).where(
            HandoffRequest.status == "waiting",
            HandoffRequest.id != request.id,
            or_(*compatible),
            _ahead_of(request),
        )
    ).all()
    return len(ahead) + 1


def typical_wait_minutes(session: Session, now: datetime) -> int | None:
    """The median wait of recent claims, rounded up to whole minutes; None without data."""
    rows = session.execute(
        select(HandoffRequest.queued_at, HandoffRequest.claimed_at)
        .where(
            HandoffRequest.claimed_at.is_not(None),
            HandoffRequest.claimed_at >= now - WAIT_WINDOW,
        )
        .order_by(HandoffRequest.claimed_at.desc())
        .limit(WAIT_SAMPLE)
    ).all()
    waits = [
        (as_utc(claimed) - as_utc(queued)).total_seconds()
        for queued, claimed in rows
        if claimed is not None
    ]
    if len(waits) < 3:
        return None
    return max(1, int(-(-statistics.median(waits) // 60)))


def queue_for(session: Session, supporter: StaffAccount) -> list[HandoffRequest]:
    """Waiting requests this supporter can take, in the order they should be taken."""
    languages = list(supporter.languages or [])
    conditions = [HandoffRequest.language.in_(languages)]
    if "en" in languages:
        conditions.append(HandoffRequest.accepts_english.is_(True))
    return list(
        session.scalars(
            select(HandoffRequest)
            .where(HandoffRequest.status == "waiting", or_(*conditions))
            .order_by(HandoffRequest.urgent.desc(), HandoffRequest.queued_at, HandoffRequest.id)
        )
    )


def can_serve(supporter: StaffAccount, request: HandoffRequest) -> bool:
    languages = supporter.languages or []
    return request.language in languages or (request.accepts_english and "en" in languages)


def claim(session: Session, request_id: int, supporter: StaffAccount, now: datetime) -> bool:
    """True for exactly one supporter, however many claim at the same moment."""
    request = session.get(HandoffRequest, request_id)
    if request is None or not can_serve(supporter, request):
        return False
    result = session.execute(
        update(HandoffRequest)
        .where(HandoffRequest.id == request_id, HandoffRequest.status == "waiting")
        .values(status="active", supporter_id=supporter.id, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], result).rowcount != 1:
        return False
    session.refresh(request)
    conversation = session.get(Conversation, request.conversation_id)
    if conversation is not None:
        conversation.state = "with_peer"
    return True


def mark_timeout_offered(session: Session, request_id: int, now: datetime) -> bool:
    """Record that the person is being told they waited too long: True for exactly one
    caller, however many watchdogs (one per web instance) see the same request at once."""
    result = session.execute(
        update(HandoffRequest)
        .where(
            HandoffRequest.id == request_id,
            HandoffRequest.status == "waiting",
            HandoffRequest.timeout_offered_at.is_(None),
        )
        .values(timeout_offered_at=now)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount == 1


def requeue_from(session: Session, request_id: int, supporter_id: int) -> bool:
    """Back to the queue from this supporter, keeping its place: True for exactly one caller
    (another watchdog, a claim or a hand back may have changed the request meanwhile)."""
    result = session.execute(
        update(HandoffRequest)
        .where(
            HandoffRequest.id == request_id,
            HandoffRequest.status == "active",
            HandoffRequest.supporter_id == supporter_id,
        )
        .values(status="waiting", supporter_id=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], result).rowcount != 1:
        return False
    request = session.get(HandoffRequest, request_id)
    conversation = session.get(Conversation, request.conversation_id) if request else None
    if conversation is not None:
        conversation.state = "waiting_for_peer"
    return True


def requeue(session: Session, request: HandoffRequest) -> None:
    """Back to the queue, keeping its place (queued_at is unchanged)."""
    request.status = "waiting"
    request.supporter_id = None
    request.claimed_at = None
    conversation = session.get(Conversation, request.conversation_id)
    if conversation is not None:
        conversation.state = "waiting_for_peer"


def finish(
    session: Session,
    request: HandoffRequest,
    *,
    status: str,
    now: datetime,
    note: str | None = None,
) -> None:
    """End a request ("ended" after a chat, "cancelled" by the person); back to the bot."""
    request.status = status
    request.ended_at = now
    if note:
        request.handback_note = note[:2000]
    conversation = session.get(Conversation, request.conversation_id)
    if conversation is not None and conversation.state in ("waiting_for_peer", "with_peer"):
        conversation.state = "bot"


def overdue(session: Session, now: datetime, timeout: timedelta) -> list[HandoffRequest]:
    """Waiting longer than the timeout and not yet told so."""
    return list(
        session.scalars(
            select(HandoffRequest).where(
                HandoffRequest.status == "waiting",
                HandoffRequest.timeout_offered_at.is_(None),
                HandoffRequest.queued_at <= now - timeout,
            )
        )
    )


def active_with(session: Session, supporter_id: int) -> list[HandoffRequest]:
    return list(
        session.scalars(
            select(HandoffRequest).where(
                HandoffRequest.status == "active", HandoffRequest.supporter_id == supporter_id
            )
        )
    )
