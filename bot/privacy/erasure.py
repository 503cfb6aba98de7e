"""Deleting one conversation everywhere: on request (/forget, the widget's "Delete this
conversation", `DELETE /api/conversations/{id}`) and when it expires (bot/privacy/retention.py).

What goes: the conversation row, every message (the text, and a peer chat's transcript),
the handoff requests with their hand-back notes and feedback, contact requests (the
encrypted number or address), and the Telegram chat's row (the person's chat id).
What stays, with nothing that points back at a person:
- one increment of the anonymous daily counts (bot/privacy/stats.py);
- an audit line that a conversation was erased (the id no longer resolves to anything);
- a safeguarding concern a supporter raised, detached from the conversation and with
  contact details redacted from its note: it is the organisation's safeguarding record
  (see docs/privacy.md for why), and it expires after SAFEGUARDING_RETENTION_DAYS.

Counting and deleting happen in one transaction, and the delete is conditional (the row
must still be there, and for expiry still be idle), so two processes erasing the same
conversation count it once and a conversation that woke up is not expired.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.conversations import errors
from bot.conversations.router import PEER_STATES, ConversationRouter
from bot.privacy.rasa_tracker import TrackerStoreUnavailable, erase_tracker
from bot.privacy.redact import redact
from bot.privacy.stats import add_to_daily_counts, summarise
from bot.settings import Settings
from bot.store.models import AuditEvent, Conversation, SafeguardingConcern, utcnow

log = logging.getLogger(__name__)

Reason = Literal["request", "retention"]
CANCEL_HANDOFF = "/cancel_handoff"


def erase_records(
    session: Session,
    conversation_id: str,
    reason: Reason,
    idle_since: datetime | None = None,
) -> bool:
    """Count, then delete one conversation's records inside the caller's transaction.

    `idle_since`: delete only if the last activity is older (retention). Returns whether
    this call deleted it (False: already gone, or active again).
    """
    summary = summarise(session, conversation_id)
    if summary is None:
        return False
    about_it = SafeguardingConcern.conversation_id == conversation_id
    concerns = list(session.scalars(select(SafeguardingConcern).where(about_it)))
    condition = Conversation.id == conversation_id
    if idle_since is not None:
        condition = condition & (Conversation.last_activity_at < idle_since)
    # Children go through the foreign keys' ON DELETE (CASCADE for messages, handoffs,
    # feedback, contact requests and the Telegram chat; SET NULL for concerns).
    deleted = session.execute(delete(Conversation).where(condition).returning(Conversation.id))
    if deleted.first() is None:
        return False
    now = utcnow()
    for concern in concerns:
        session.execute(
            update(SafeguardingConcern)
            .where(SafeguardingConcern.id == concern.id)
            .values(
                conversation_id=None,
                handoff_id=None,
                note=redact(concern.note),
                detached_at=now,
            )
        )
    add_to_daily_counts(session, summary, erased_on_request=reason == "request")
    if reason == "request":
        # That it happened is kept (no content): the organisation can answer "where did
        # that chat go?" without keeping anything of it.
        session.add(
            AuditEvent(staff_id=None, action="conversation_forgotten", subject=conversation_id)
        )
    return True


async def forget_conversation(
    router: ConversationRouter,
    sessions: Callable[[], Session],
    settings: Settings,
    conversation_id: str,
) -> bool:
    """Erase a conversation at the person's request; True if there was one to erase.

    Idempotent: erasing an unknown or already erased conversation does nothing.
    """
    with sessions() as session:
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            return False
        in_peer_chat = conversation.state in PEER_STATES
    if in_peer_chat:
        # Through the router, so the supporter's screen is told the chat has ended.
        with contextlib.suppress(errors.ConversationError):
            await router.handle(conversation_id, payload=CANCEL_HANDOFF)
    with sessions() as session, session.begin():
        erased = erase_records(session, conversation_id, "request")
    # Rasa's tracker store keeps its own copy of the dialogue. Ours goes first, so no new
    # turn can start; if the tracker store is out of reach, the retention job's orphan
    # sweep erases it within one interval.
    try:
        await asyncio.to_thread(erase_tracker, settings, conversation_id)
    except TrackerStoreUnavailable as exc:
        log.warning(
            "Rasa's tracker could not be erased now; the retention sweep will: %s",
            exc,
            extra={"conversation_id": conversation_id},
        )
    if erased:
        log.info("conversation erased on request", extra={"conversation_id": conversation_id})
    return erased
