"""Anonymous daily counts: what is left of a conversation once its records are deleted.

Counts by day (the day the conversation started, Welsh local time), channel and language:
no ids, no text, no times finer than a day. A conversation is counted once, inside the
transaction that deletes it, so the table is complete for a day once every conversation
that started on it has been deleted (at most RETENTION_DAYS after its last message).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.models import (
    CallbackRequest,
    Conversation,
    HandoffRequest,
    Message,
    PeerFeedback,
    UsageDaily,
    as_utc,
)

WALES = ZoneInfo("Europe/London")
COUNT_FIELDS = (
    "conversations",
    "messages_from_people",
    "messages_to_people",
    "handoffs",
    "peer_chats",
    "crisis_flags",
    "callbacks",
    "feedback_helpful",
    "feedback_not_helpful",
    "erased_on_request",
)


@dataclass(frozen=True)
class ConversationSummary:
    day: date
    channel: str
    language: str
    messages_from_people: int
    messages_to_people: int
    handoffs: int
    peer_chats: int
    crisis_flags: int
    callbacks: int
    feedback_helpful: int
    feedback_not_helpful: int


def summarise(session: Session, conversation_id: str) -> ConversationSummary | None:
    """The counts one conversation contributes, read before its rows are deleted."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        return None
    by_sender: dict[str, int] = dict(
        session.execute(  # type: ignore[arg-type]
            select(Message.sender, func.count())
            .where(Message.conversation_id == conversation_id)
            .group_by(Message.sender)
        ).all()
    )
    handoffs = session.execute(
        select(func.count(), func.count(HandoffRequest.claimed_at)).where(
            HandoffRequest.conversation_id == conversation_id
        )
    ).one()
    feedback: dict[str, int] = dict(
        session.execute(  # type: ignore[arg-type]
            select(PeerFeedback.helpful, func.count())
            .join(HandoffRequest, HandoffRequest.id == PeerFeedback.handoff_id)
            .where(HandoffRequest.conversation_id == conversation_id)
            .group_by(PeerFeedback.helpful)
        ).all()
    )
    callbacks = session.scalar(
        select(func.count()).where(CallbackRequest.conversation_id == conversation_id)
    )
    return ConversationSummary(
        day=as_utc(conversation.created_at).astimezone(WALES).date(),
        channel=conversation.channel,
        language=conversation.language if conversation.language in ("cy", "en") else "none",
        messages_from_people=int(by_sender.get("user", 0)),
        messages_to_people=sum(int(n) for sender, n in by_sender.items() if sender != "user"),
        handoffs=int(handoffs[0]),
        peer_chats=int(handoffs[1]),
        crisis_flags=1 if conversation.risk_flagged_at is not None else 0,
        callbacks=int(callbacks or 0),
        feedback_helpful=int(feedback.get("yes", 0)),
        feedback_not_helpful=int(feedback.get("no", 0)),
    )


def add_to_daily_counts(
    session: Session, summary: ConversationSummary, *, erased_on_request: bool
) -> None:
    """Add one conversation to its day's row (created on first use)."""
    increments: dict[str, int] = {
        key: value
        for key, value in asdict(summary).items()
        if key not in ("day", "channel", "language")
    }
    increments["conversations"] = 1
    increments["erased_on_request"] = 1 if erased_on_request else 0
    key = (
        (UsageDaily.day == summary.day)
        & (UsageDaily.channel == summary.channel)
        & (UsageDaily.language == summary.language)
    )
    values: dict[str, Any] = {
        name: getattr(UsageDaily, name) + amount for name, amount in increments.items()
    }
    for _attempt in range(3):
        result = session.execute(update(UsageDaily).where(key).values(values))
        if cast(CursorResult[Any], result).rowcount:
            return
        try:
            # A savepoint: if another process inserted the row first, update it instead.
            with session.begin_nested():
                session.add(
                    UsageDaily(
                        day=summary.day,
                        channel=summary.channel,
                        language=summary.language,
                        **increments,
                    )
                )
            return
        except IntegrityError:
            continue
    raise RuntimeError("could not record the daily counts")


def daily_counts(session: Session) -> list[dict[str, Any]]:
    """Every day's counts, oldest first, as plain rows (for the CLI and CSV export)."""
    rows = session.scalars(
        select(UsageDaily).order_by(UsageDaily.day, UsageDaily.channel, UsageDaily.language)
    )
    return [
        {
            "day": row.day.isoformat(),
            "channel": row.channel,
            "language": row.language,
            **{name: getattr(row, name) for name in COUNT_FIELDS},
        }
        for row in rows
    ]
