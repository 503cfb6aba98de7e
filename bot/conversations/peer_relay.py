"""The peer relay: asking for a person, the wait, the live chat and the hand back.

Both sides come through here: the router (the person's messages and buttons) and the
supporter's screens (the web inbox, Telegram). Every step stores first and notifies after,
so a screen that was offline catches up from the database and nothing is lost in a restart.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.content.model import ChatMessage, Lang, as_lang
from bot.conversations import contact, handoff
from bot.conversations.events import INBOX, EventHub, staff_channel
from bot.conversations.messages import append, as_chat, store_replies
from bot.settings import Settings
from bot.staff.availability import available_now, can_take_chats, open_organisations
from bot.store.models import (
    AuditEvent,
    CallbackRequest,
    Conversation,
    HandoffRequest,
    Message,
    PeerFeedback,
    SafeguardingConcern,
    StaffAccount,
    as_utc,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

# Buttons the router answers itself while a person is asking for, or waiting for, a person.
PERSON_COMMANDS = frozenset(
    {"handoff_english", "cancel_handoff", "keep_waiting", "request_callback", "peer_feedback"}
)
CONTACT_PREFIX = "contact:"
STATE_EVENT = "state"


def person_channel(conversation_id: str) -> str:
    """What the person's own screens listen to (peer replies, state changes)."""
    return f"person:{conversation_id}"


def chat_channel(conversation_id: str) -> str:
    """What supporters' screens on this conversation listen to."""
    return f"conversation:{conversation_id}"


@dataclass
class Notices:
    """Events to publish once the transaction that stored their content has committed."""

    items: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def add(self, channel: str, event: dict[str, Any]) -> None:
        self.items.append((channel, event))


@dataclass(frozen=True)
class ClaimResult:
    won: bool
    conversation_id: str | None = None


class PeerDesk:
    def __init__(
        self,
        session_factory: Callable[[], Session],
        catalogue: ResponseCatalogue,
        hub: EventHub,
        settings: Settings,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._sessions = session_factory
        self._catalogue = catalogue
        self._hub = hub
        self._settings = settings
        self._clock = clock or (lambda: datetime.now(timezone.utc))

    @property
    def hub(self) -> EventHub:
        return self._hub

    @property
    def settings(self) -> Settings:
        return self._settings

    def now(self) -> datetime:
        return self._clock()

    async def publish(self, notices: Notices) -> None:
        for channel, event in notices.items:
            reached = await self._hub.publish(channel, event)
            to_person = channel.startswith("person:")
            if (
                reached
                and to_person
                and event.get("type") == "message"
                and event.get("from") == "peer"
            ):
                await self._mark_delivered(channel.removeprefix("person:"), [event["seq"]])

    # -- the person's side (called by the router inside its transaction) --------------------

    def ask(
        self,
        session: Session,
        conversation: Conversation,
        *,
        at_risk: bool,
        accepts_english: bool = False,
        notices: Notices,
    ) -> list[ChatMessage]:
        """A person asked for a person: queue them, or say honestly why not and what else."""
        language = as_lang(conversation.language)
        existing = handoff.open_request(session, conversation.id)
        if existing is not None:
            if existing.status == "active":
                return []
            return self._render(
                "utter_handoff_already_waiting",
                language,
                position=handoff.position(session, existing),
            )
        now = self.now()
        available = available_now(session, now, self._settings.peer_presence_seconds)
        request_language = language or "cy"
        crisis = self._render("utter_crisis", language) if at_risk else []
        if not available.anyone:
            return [*crisis, *self._render("utter_handoff_unavailable", language)]
        # Unknown language: the person saw both, so either kind of supporter will do.
        english_ok = accepts_english or language is None
        if request_language == "cy" and not available.speaking("cy") and not english_ok:
            if available.speaking("en"):
                return [*crisis, *self._render("utter_handoff_no_welsh_speaker", language)]
            return [*crisis, *self._render("utter_handoff_unavailable", language)]
        request = handoff.enqueue(
            session,
            conversation,
            language=request_language,
            urgent=at_risk or conversation.risk_flagged_at is not None,
            accepts_english=english_ok,
            now=now,
        )
        conversation.awaiting = None
        self._audit(session, None, "handoff_requested", conversation.id, urgent=request.urgent)
        notices.add(INBOX, {"type": "queue_changed"})
        notices.add(
            person_channel(conversation.id), {"type": STATE_EVENT, "state": "waiting_for_peer"}
        )
        minutes = handoff.typical_wait_minutes(session, now)
        place = handoff.position(session, request)
        if minutes is None:
            queued = self._render("utter_handoff_queued_no_estimate", language, position=place)
        else:
            queued = self._render(
                "utter_handoff_queued", language, position=place, minutes=minutes * place
            )
        return [*crisis, *queued]

    def person_wrote(
        self,
        session: Session,
        conversation: Conversation,
        message: Message,
        *,
        at_risk: bool,
        notices: Notices,
    ) -> list[ChatMessage]:
        """A message while waiting or with a supporter: stored, relayed, never sent to Rasa."""
        request = handoff.open_request(session, conversation.id)
        language = as_lang(conversation.language)
        if request is None:
            # The state says peer mode but no request is open (e.g. ended in another process).
            conversation.state = "bot"
            return []
        notices.add(chat_channel(conversation.id), _message_event(message))
        replies: list[ChatMessage] = []
        if at_risk:
            request.urgent = True
            notices.add(
                chat_channel(conversation.id),
                {"type": "safety_alert", "request_id": request.id, "seq": message.seq},
            )
            if request.supporter_id is not None:
                notices.add(
                    staff_channel(request.supporter_id),
                    {"type": "safety_alert", "request_id": request.id, "seq": message.seq},
                )
            notices.add(INBOX, {"type": "queue_changed"})
            self._audit(session, None, "safety_flag", conversation.id, request_id=request.id)
            replies.extend(self._render("utter_peer_safety_notice", language))
        elif request.status == "waiting" and self._first_message_while_waiting(
            session, request, message
        ):
            replies.extend(self._render("utter_handoff_message_saved", language))
        return replies

    def person_command(
        self,
        session: Session,
        conversation: Conversation,
        intent: str,
        entities: dict[str, str],
        *,
        at_risk: bool,
        notices: Notices,
    ) -> list[ChatMessage]:
        language = as_lang(conversation.language)
        request = handoff.open_request(session, conversation.id)
        if intent == "handoff_english":
            return self.ask(
                session, conversation, at_risk=at_risk, accepts_english=True, notices=notices
            )
        if intent == "keep_waiting":
            if request is None or request.status != "waiting":
                return self._render("utter_handoff_cancelled", language) if request is None else []
            return self._render(
                "utter_handoff_keep_waiting", language, position=handoff.position(session, request)
            )
        if intent == "cancel_handoff":
            conversation.awaiting = None
            if request is not None:
                self._close(session, request, "cancelled", None, notices)
            return self._render("utter_handoff_cancelled", language)
        if intent == "request_callback":
            method = entities.get("method")
            if request is not None and request.status == "waiting":
                # Leaving a message instead of waiting: the wait ends here.
                self._close(session, request, "cancelled", None, notices)
            if method not in contact.METHODS:
                return self._render("utter_callback_ask_method", language)
            conversation.awaiting = CONTACT_PREFIX + method
            ask = {"phone": "phone", "text": "phone", "email": "email", "message": "message"}
            return self._render(f"utter_callback_ask_{ask[method]}", language)
        if intent == "peer_feedback":
            return self._feedback(session, conversation, entities.get("helpful", "skip"))
        return []

    def contact_given(
        self,
        session: Session,
        conversation: Conversation,
        raw: str,
        *,
        at_risk: bool,
        notices: Notices,
    ) -> list[ChatMessage]:
        """The answer to "how can they contact you?": check, encrypt, store, confirm."""
        language = as_lang(conversation.language)
        method = (conversation.awaiting or "").removeprefix(CONTACT_PREFIX)
        value = contact.normalise(method, raw)
        if value is None:
            kind = "email" if method == "email" else "phone"
            return self._render(f"utter_callback_invalid_{kind}", language)
        conversation.awaiting = None
        callback = CallbackRequest(
            conversation_id=conversation.id,
            language=language or "cy",
            method=method,
            contact_encrypted=contact.seal(value),
            urgent=at_risk or conversation.risk_flagged_at is not None,
        )
        session.add(callback)
        session.flush()
        self._audit(session, None, "callback_requested", conversation.id, method=method)
        notices.add(INBOX, {"type": "callbacks_changed"})
        return self._render("utter_callback_saved", language)

    # -- the supporter's side ---------------------------------------------------------------

    async def _in_db(self, work: Callable[[Session, Notices], T]) -> T:
        """Run `work` in one transaction in a worker thread, then publish what it noted.

        Off the event loop on purpose: a write waiting on a lock (up to
        DATABASE_BUSY_TIMEOUT_SECONDS) must hold up this one action, not every person and
        supporter this process is serving.
        """
        notices = Notices()

        def run() -> T:
            with self._sessions() as session, session.begin():
                return work(session, notices)

        result = await asyncio.to_thread(run)
        await self.publish(notices)
        return result

    async def claim(self, supporter_id: int, request_id: int) -> ClaimResult:
        def work(session: Session, notices: Notices) -> ClaimResult:
            supporter = session.get(StaffAccount, supporter_id)
            if supporter is None or not handoff.claim(session, request_id, supporter, self.now()):
                return ClaimResult(False)
            request = session.get(HandoffRequest, request_id)
            assert request is not None
            conversation = session.get(Conversation, request.conversation_id)
            assert conversation is not None
            self._system(
                session,
                conversation,
                "utter_handoff_joined",
                notices,
                name=supporter.display_name,
            )
            notices.add(
                person_channel(conversation.id), {"type": STATE_EVENT, "state": "with_peer"}
            )
            notices.add(INBOX, {"type": "queue_changed"})
            self._audit(session, supporter.id, "handoff_claimed", conversation.id)
            return ClaimResult(True, conversation.id)

        return await self._in_db(work)

    async def send(self, supporter_id: int, request_id: int, text: str) -> dict[str, Any] | None:
        """A supporter's message to the person; None if this chat is not theirs any more."""
        text = text.strip()[: self._settings.max_message_chars]
        if not text:
            return None

        def work(session: Session, notices: Notices) -> dict[str, Any] | None:
            request = self._theirs(session, supporter_id, request_id)
            if request is None:
                return None
            conversation = session.get(Conversation, request.conversation_id)
            assert conversation is not None
            supporter = session.get(StaffAccount, supporter_id)
            lang: Lang = (
                request.language  # type: ignore[assignment]
                if supporter and request.language in (supporter.languages or [])
                else "en"
            )
            message = append(
                session, conversation, sender="peer", text=text, lang=lang, staff_id=supporter_id
            )
            conversation.last_activity_at = self.now()
            event = _message_event(message)
            notices.add(person_channel(conversation.id), event)
            notices.add(chat_channel(conversation.id), event)
            return event

        return await self._in_db(work)

    async def typing(self, supporter_id: int, request_id: int) -> None:
        def work(session: Session, notices: Notices) -> None:
            request = self._theirs(session, supporter_id, request_id)
            if request is not None:
                notices.add(
                    person_channel(request.conversation_id), {"type": "typing", "from": "peer"}
                )

        await self._in_db(work)

    async def person_typing(self, conversation_id: str) -> None:
        await self._hub.publish(chat_channel(conversation_id), {"type": "typing", "from": "user"})

    async def end(self, supporter_id: int, request_id: int, note: str | None) -> bool:
        def work(session: Session, notices: Notices) -> bool:
            request = self._theirs(session, supporter_id, request_id)
            if request is None:
                return False
            self._close(session, request, "ended", note, notices, staff_id=supporter_id)
            return True

        return await self._in_db(work)

    async def transfer(self, supporter_id: int, request_id: int, colleague_id: int) -> bool:
        """Hand the chat to a colleague who is available and speaks the person's language."""

        def work(session: Session, notices: Notices) -> bool:
            request = self._theirs(session, supporter_id, request_id)
            colleague = session.get(StaffAccount, colleague_id)
            if request is None or colleague is None or colleague.id == supporter_id:
                return False
            now = self.now()
            open_now, with_hours = open_organisations(session, now)
            if not can_take_chats(
                colleague, now, self._settings.peer_presence_seconds, open_now, with_hours
            ) or not handoff.can_serve(colleague, request):
                return False
            request.supporter_id = colleague.id
            conversation = session.get(Conversation, request.conversation_id)
            assert conversation is not None
            self._system(
                session,
                conversation,
                "utter_handoff_transferred",
                notices,
                name=colleague.display_name,
            )
            notices.add(staff_channel(colleague.id), {"type": "assigned", "request_id": request.id})
            notices.add(staff_channel(supporter_id), {"type": "released", "request_id": request.id})
            self._audit(
                session, supporter_id, "handoff_transferred", conversation.id, to=colleague.id
            )
            return True

        return await self._in_db(work)

    async def flag_concern(self, supporter_id: int, request_id: int, note: str) -> bool:
        def work(session: Session, notices: Notices) -> bool:
            request = self._theirs(session, supporter_id, request_id)
            if request is None:
                return False
            session.add(
                SafeguardingConcern(
                    conversation_id=request.conversation_id,
                    handoff_id=request.id,
                    raised_by=supporter_id,
                    note=note.strip()[:4000],
                )
            )
            self._audit(session, supporter_id, "safeguarding_concern", request.conversation_id)
            notices.add(INBOX, {"type": "concerns_changed"})
            return True

        return await self._in_db(work)

    async def mark_seen(self, conversation_id: str, upto_seq: int) -> None:
        """The person's screen has everything up to this seq: the supporter sees "delivered"."""

        def work(session: Session, _notices: Notices) -> list[int]:
            return list(
                session.scalars(
                    select(Message.seq).where(
                        Message.conversation_id == conversation_id,
                        Message.sender == "peer",
                        Message.delivered_at.is_(None),
                        Message.seq <= upto_seq,
                    )
                ).all()
            )

        pending = await self._in_db(work)
        if pending:
            await self._mark_delivered(conversation_id, pending)

    # -- the watchdog ------------------------------------------------------------------------

    async def sweep(self) -> None:
        """Tell people who have waited too long; re-queue chats whose supporter vanished.

        Every web instance runs this. Each request is settled in its own transaction by a
        conditional UPDATE, so two watchdogs looking at once notify a person only once.
        """
        now = self.now()
        timeout = timedelta(seconds=self._settings.handoff_timeout_seconds)
        grace = timedelta(seconds=self._settings.peer_reconnect_grace_seconds)

        def work(session: Session, _notices: Notices) -> tuple[list[int], list[tuple[int, int]]]:
            overdue = sorted(r.id for r in handoff.overdue(session, now, timeout))
            vanished: list[tuple[int, int]] = []
            for request in session.scalars(
                select(HandoffRequest)
                .where(HandoffRequest.status == "active")
                .order_by(HandoffRequest.id)
            ).all():
                supporter = session.get(StaffAccount, request.supporter_id)
                if supporter is None or supporter.telegram_user_id is not None:
                    continue
                last_seen = as_utc(supporter.last_seen_at) if supporter.last_seen_at else None
                if last_seen is None or last_seen < now - grace:
                    vanished.append((request.id, supporter.id))
            return overdue, vanished

        overdue, vanished = await self._in_db(work)
        for request_id in overdue:
            await self._tell_overdue(request_id, now)
        for request_id, supporter_id in vanished:
            await self._requeue_vanished(request_id, supporter_id)

    async def _tell_overdue(self, request_id: int, now: datetime) -> None:
        def work(session: Session, notices: Notices) -> None:
            if not handoff.mark_timeout_offered(session, request_id, now):
                return
            request = session.get(HandoffRequest, request_id)
            conversation = session.get(Conversation, request.conversation_id) if request else None
            if request is None or conversation is None:
                return
            self._system(
                session,
                conversation,
                "utter_handoff_timeout",
                notices,
                position=handoff.position(session, request),
            )

        await self._in_db(work)

    async def _requeue_vanished(self, request_id: int, supporter_id: int) -> None:
        def work(session: Session, notices: Notices) -> None:
            if not handoff.requeue_from(session, request_id, supporter_id):
                return
            request = session.get(HandoffRequest, request_id)
            conversation = session.get(Conversation, request.conversation_id) if request else None
            if request is None or conversation is None:
                return
            self._system(
                session,
                conversation,
                "utter_handoff_supporter_lost",
                notices,
                position=handoff.position(session, request),
            )
            notices.add(
                person_channel(conversation.id),
                {"type": STATE_EVENT, "state": "waiting_for_peer"},
            )
            notices.add(INBOX, {"type": "queue_changed"})
            self._audit(session, supporter_id, "handoff_requeued", conversation.id)

        await self._in_db(work)

    def heartbeat(self, supporter_id: int) -> None:
        with self._sessions() as session, session.begin():
            session.execute(
                update(StaffAccount)
                .where(StaffAccount.id == supporter_id)
                .values(last_seen_at=self.now())
            )

    # -- helpers -----------------------------------------------------------------------------

    def _render(self, key: str, language: Lang | None, **values: object) -> list[ChatMessage]:
        return self._catalogue.render_for(key, language, values)

    def _system(
        self,
        session: Session,
        conversation: Conversation,
        key: str,
        notices: Notices,
        **values: object,
    ) -> None:
        """A message from the service itself (not the assistant, not a supporter)."""
        messages = self._render(key, as_lang(conversation.language), **values)
        store_replies(session, conversation, messages, sender="system")
        for message in messages:
            event = {"type": "message", **message.as_dict()}
            notices.add(person_channel(conversation.id), event)
            notices.add(chat_channel(conversation.id), event)

    def _close(
        self,
        session: Session,
        request: HandoffRequest,
        status: str,
        note: str | None,
        notices: Notices,
        staff_id: int | None = None,
    ) -> None:
        handoff.finish(session, request, status=status, now=self.now(), note=note)
        conversation = session.get(Conversation, request.conversation_id)
        notices.add(INBOX, {"type": "queue_changed"})
        if conversation is None:
            return
        if status == "ended":
            self._system(session, conversation, "utter_handoff_ended", notices)
        notices.add(chat_channel(conversation.id), {"type": "ended", "request_id": request.id})
        notices.add(person_channel(conversation.id), {"type": STATE_EVENT, "state": "bot"})
        self._audit(session, staff_id, f"handoff_{status}", conversation.id)

    def _theirs(
        self, session: Session, supporter_id: int, request_id: int
    ) -> HandoffRequest | None:
        request = session.get(HandoffRequest, request_id)
        if request is None or request.status != "active" or request.supporter_id != supporter_id:
            return None
        return request

    def _first_message_while_waiting(
        self, session: Session, request: HandoffRequest, message: Message
    ) -> bool:
        earlier = session.scalar(
            select(func.count(Message.id)).where(
                Message.conversation_id == request.conversation_id,
                Message.sender == "user",
                Message.seq > request.asked_seq,
                Message.id != message.id,
            )
        )
        return not earlier

    def _feedback(
        self, session: Session, conversation: Conversation, helpful: str
    ) -> list[ChatMessage]:
        language = as_lang(conversation.language)
        last = session.scalars(
            select(HandoffRequest)
            .where(
                HandoffRequest.conversation_id == conversation.id,
                HandoffRequest.status == "ended",
            )
            .order_by(HandoffRequest.id.desc())
        ).first()
        if (
            last is not None
            and session.scalar(select(PeerFeedback).where(PeerFeedback.handoff_id == last.id))
            is None
        ):
            session.add(
                PeerFeedback(
                    handoff_id=last.id, helpful=helpful if helpful in ("yes", "no") else "skip"
                )
            )
        return self._render("utter_peer_feedback_thanks", language)

    async def _mark_delivered(self, conversation_id: str, seqs: list[int]) -> None:
        def work(session: Session, _notices: Notices) -> None:
            session.execute(
                update(Message)
                .where(
                    Message.conversation_id == conversation_id,
                    Message.seq.in_(seqs),
                    Message.sender == "peer",
                    Message.delivered_at.is_(None),
                )
                .values(delivered_at=self.now())
            )

        await self._in_db(work)
        for seq in seqs:
            await self._hub.publish(
                chat_channel(conversation_id), {"type": "delivered", "seq": seq}
            )

    @staticmethod
    def _audit(
        session: Session, staff_id: int | None, action: str, subject: str, **detail: Any
    ) -> None:
        session.add(AuditEvent(staff_id=staff_id, action=action, subject=subject, detail=detail))


def _message_event(message: Message) -> dict[str, Any]:
    return {"type": "message", **as_chat(message).as_dict()}
