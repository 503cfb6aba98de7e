"""The one router: safety screen, language, Rasa, storage, for every user message.

Order matters and is the point of this module:
1. the message is cleaned and stored before it is answered, and nothing is acknowledged
   that is not stored: if the database cannot store it, the person is told so with the
   crisis numbers and their client sends it again (answered once, by client_message_id);
2. the safety screen runs on every message, whatever state the conversation is in;
3. an explicit language choice wins; detection only suggests;
4. Rasa answers bot turns; if it cannot (down, hung, restarting, or its action server or
   NLG endpoint down), the person still gets an honest answer, and the crisis numbers
   whenever the message showed risk.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue, UnknownResponse
from bot.content.model import Button, ChatMessage, Lang, as_lang
from bot.content.nlg import CUSTOM_KEY, RENDER_KEY
from bot.conversations import degraded, errors
from bot.conversations.asking_for_person import asks_for_person
from bot.conversations.feedback import (
    FEEDBACK_COMMANDS,
    PEER_CHAT,
    RATE_ANSWER,
    STORY_PREFIX,
    FeedbackDesk,
    valid_rating,
)
from bot.conversations.messages import append, as_chat, store_replies
from bot.conversations.payloads import Payload, domain_intents, parse_payload
from bot.conversations.peer_relay import CONTACT_PREFIX, PERSON_COMMANDS, Notices, PeerDesk
from bot.conversations.rasa_client import RasaClient, RasaUnavailable
from bot.conversations.text import clean_text
from bot.conversations.turn_locks import TurnLocks
from bot.language import decide_language, explicit_choice
from bot.safety import assess
from bot.store.models import Conversation, Message

log = logging.getLogger(__name__)
T = TypeVar("T")

CRISIS_KEY = "utter_crisis"
# `/ask_faq{"faq_key": "peer_support/cost"}`: a button that names its answer exactly. Rasa
# cannot trigger a retrieval sub-intent from a payload, and nothing here needs NLU or
# dialogue, so the router answers it from the catalogue.
ASK_FAQ = "ask_faq"
FAQ_KEY = re.compile(r"^(peer_support|recovery_college|wellbeing)/[a-z_]+$")
FAQ_ANSWER_METADATA = "faq_answer"
SET_LANGUAGE = "set_language"
STATES = ("bot", "waiting_for_peer", "with_peer", "closed")
TALK_TO_PERSON = "talk_to_person"
PEER_STATES = ("waiting_for_peer", "with_peer")
# What the stored user message says instead of contact details (kept encrypted elsewhere).
CONTACT_PLACEHOLDER = "(contact details)"


def last_faq_answer(session: Session, conversation_id: str) -> str | None:
    """The response key of the last FAQ answer the person was given, if any."""
    return session.scalars(
        select(Message.response_key)
        .where(
            Message.conversation_id == conversation_id,
            Message.sender == "bot",
            Message.response_key.like("utter_%/%"),
        )
        .order_by(Message.seq.desc())
        .limit(1)
    ).first()


@dataclass
class Turn:
    """What the API returns for one request."""

    conversation_id: str
    language: Lang | None
    state: str
    messages: list[ChatMessage] = field(default_factory=list)


@dataclass
class StoredMessage:
    """The person's message, stored, with what was decided in the same transaction."""

    language: Lang | None
    seq: int
    offer: Lang | None
    turn: Turn | None  # set when the router answered it there and then
    # The last FAQ answer given: the topic of a generic follow-up ("is it free?").
    last_faq: str | None = None
    # The request was answered before (same client_message_id): `turn` is that answer.
    replayed: bool = False


@dataclass
class Incoming:
    """A message read and checked before the conversation is touched."""

    user_text: str | None
    payload: Payload | None
    chosen: Lang | None
    at_risk: bool
    safety_rules: tuple[str, ...] = ()
    local_key: str | None = None  # a button that names its answer: no need to ask Rasa


class ConversationRouter:
    def __init__(
        self,
        session_factory: Callable[[], Session],
        catalogue: ResponseCatalogue,
        rasa: RasaClient,
        domain_dir: Path,
        desk: PeerDesk,
        max_message_chars: int = 2000,
        actions_health_url: str | None = None,
        turn_locks: TurnLocks | None = None,
        feedback: FeedbackDesk | None = None,
    ) -> None:
        self._sessions = session_factory
        self._catalogue = catalogue
        self._rasa = rasa
        self._desk = desk
        # Asked only when Rasa's turn comes back empty: is its action server down?
        self._actions_health_url = actions_health_url
        self._intents = domain_intents(domain_dir) | {ASK_FAQ} | PERSON_COMMANDS | FEEDBACK_COMMANDS
        # "Was this helpful?" and story invitations (bot/conversations/feedback.py).
        self._feedback = feedback or FeedbackDesk(
            catalogue,
            invite_rate=desk.settings.story_invite_rate,
            story_max_chars=desk.settings.story_max_chars,
        )
        self._max_chars = max_message_chars
        # One turn at a time per conversation, so replies keep their order (across web
        # instances too, when the locks are Redis's).
        self._turn_locks = turn_locks or TurnLocks()

    # -- starting -------------------------------------------------------------------------

    def start(
        self,
        channel: str = "web",
        language: Lang | None = None,
        holder_token_hash: str | None = None,
    ) -> Turn:
        """A new conversation opens with the active offer: Welsh first, then English."""
        with self._storage(language), self._sessions() as session, session.begin():
            conversation = Conversation(
                channel=channel,
                language=language,
                language_source="chosen" if language else "none",
                holder_token_hash=holder_token_hash,
            )
            session.add(conversation)
            session.flush()
            welcome = self._catalogue.render_for("utter_welcome", language)
            store_replies(session, conversation, welcome, start_seq=1)
            return Turn(conversation.id, language, conversation.state, welcome)

    def language_of(self, conversation_id: str) -> Lang | None:
        with self._storage(None), self._sessions() as session:
            return as_lang(self._load(session, conversation_id).language)

    def get(self, conversation_id: str, after_seq: int = 0) -> Turn:
        """The conversation so far (everyone's messages, with `from` and `seq`), for a person
        who reconnects; `after_seq` returns only what they have not seen."""
        with self._storage(None), self._sessions() as session:
            conversation = self._load(session, conversation_id)
            messages = [
                as_chat(m)
                for m in session.scalars(
                    select(Message)
                    .where(Message.conversation_id == conversation.id, Message.seq > after_seq)
                    .order_by(Message.seq)
                )
            ]
            return Turn(
                conversation.id,
                as_lang(conversation.language),
                conversation.state,
                messages,
            )

    # -- one message ----------------------------------------------------------------------

    async def handle(
        self,
        conversation_id: str,
        text: str | None = None,
        payload: str | None = None,
        client_message_id: str | None = None,
    ) -> Turn:
        async with self._turn_locks.hold(conversation_id):
            return await self._handle(conversation_id, text, payload, client_message_id)

    async def _handle(
        self,
        conversation_id: str,
        text: str | None,
        payload: str | None,
        client_message_id: str | None,
    ) -> Turn:
        # The message is read before the database is asked anything: a message that can be
        # answered costs the router two transactions (store it; store the answer), and the
        # replay and closed checks happen inside the first.
        try:
            incoming = self._read_payload(payload) if payload is not None else self._read_text(text)
        except errors.ConversationError as problem:
            return await self._refuse(conversation_id, text, payload, client_message_id, problem)
        return await self._turn(conversation_id, incoming, client_message_id)

    async def _refuse(
        self,
        conversation_id: str,
        text: str | None,
        payload: str | None,
        client_message_id: str | None,
        problem: errors.ConversationError,
    ) -> Turn:
        """A message that cannot be answered as it stands. An unknown or closed
        conversation is said first, and a replay still gets its original answer;
        otherwise the problem is told in the conversation's language."""
        language, replay = await self._in_worker(
            None, functools.partial(self._check, conversation_id, text, payload, client_message_id)
        )
        if replay is not None:
            return replay
        problem.language = language
        raise problem

    def _check(
        self,
        conversation_id: str,
        text: str | None,
        payload: str | None,
        client_message_id: str | None,
    ) -> tuple[Lang | None, Turn | None]:
        """The conversation's language, and the original answer if this request is a replay;
        raises if the conversation is unknown or closed."""
        with self._sessions() as session:
            conversation = self._load(session, conversation_id)
            replay = self._replay_or_refuse(session, conversation, client_message_id, text, payload)
            return as_lang(conversation.language), replay

    def _replay_or_refuse(
        self,
        session: Session,
        conversation: Conversation,
        client_message_id: str | None,
        text: str | None,
        payload: str | None,
    ) -> Turn | None:
        """The original answer if this request was answered before; raises if the
        conversation is closed."""
        if client_message_id:
            replay = self._replay(session, conversation, client_message_id, text, payload)
            if replay is not None:
                return replay
        if conversation.state == "closed":
            raise errors.ConversationClosed(as_lang(conversation.language))
        return None

    def _read_payload(self, raw: str) -> Incoming:
        parsed = parse_payload(raw, self._intents)
        if parsed is None:
            raise errors.UnknownPayload()
        chosen = (
            as_lang(parsed.entities.get("language")) if parsed.intent == "choose_language" else None
        )
        local_key = None
        if parsed.intent == ASK_FAQ:
            faq_key = parsed.entities.get("faq_key", "")
            local_key = f"utter_{faq_key}"
            if not FAQ_KEY.match(faq_key) or not self._catalogue.has(local_key):
                raise errors.UnknownPayload()
        if parsed.intent == RATE_ANSWER and not valid_rating(parsed.entities):
            raise errors.UnknownPayload()
        return Incoming(
            user_text=None,
            payload=parsed,
            chosen=chosen,
            at_risk=parsed.intent == "crisis",
            local_key=local_key,
        )

    def _read_text(self, raw: str | None) -> Incoming:
        text = clean_text(raw or "")
        if not text:
            raise errors.EmptyMessage()
        # Safety runs on everything, even a message too long to answer normally.
        assessment = assess(text)
        if len(text) > self._max_chars and not assessment.at_risk:
            raise errors.MessageTooLong(max_chars=self._max_chars)
        chosen = explicit_choice(text)
        return Incoming(
            user_text=text[: self._max_chars * 5],
            payload=Payload("choose_language", {"language": chosen}) if chosen else None,
            chosen=chosen,
            at_risk=assessment.at_risk,
            safety_rules=assessment.matched,
        )

    async def _turn(
        self, conversation_id: str, incoming: Incoming, client_message_id: str | None
    ) -> Turn:
        notices = Notices()
        user_text, payload, at_risk = incoming.user_text, incoming.payload, incoming.at_risk
        # 1. Store the person's message and the language decision before anything else: if
        #    it cannot be stored, the person is told so (and given the crisis numbers) and
        #    nothing is acknowledged. Turns that never reach Rasa (peer chat, handoff
        #    buttons, contact details) are answered in the same transaction, so their
        #    replies and state change together, and so is a replayed request.
        try:
            stored = await self._in_worker(
                None,
                functools.partial(
                    self._store_message, conversation_id, incoming, client_message_id, notices
                ),
            )
        except errors.StorageUnavailable as problem:
            problem.language = await self._language_if_readable(conversation_id)
            raise
        if stored.replayed and stored.turn is not None:
            return stored.turn
        if at_risk:
            log.info(
                "safety flag",
                extra={
                    "conversation_id": conversation_id,
                    "event": ",".join(incoming.safety_rules),
                },
            )
        if stored.turn is not None:
            await self._desk.publish(notices)
            return stored.turn

        # 2. Ask Rasa for the bot's turn (unless a button named its answer exactly).
        language = stored.language
        if incoming.local_key is not None:
            replies = self._catalogue.render_for(incoming.local_key, language)
        else:
            rasa_text = payload.as_rasa_message() if payload else (user_text or "")
            replies, language = await self._ask_rasa(
                conversation_id, rasa_text, language, stored.last_faq
            )
            if not replies:
                replies = await self._explain_silence(
                    conversation_id, user_text, payload, incoming.chosen, language, at_risk
                )

        # 3. Guarantees that do not depend on Rasa having understood.
        if at_risk and not any(m.key == CRISIS_KEY for m in replies):
            replies = [*self._catalogue.render_for(CRISIS_KEY, language), *replies]
        if stored.offer and not incoming.chosen:
            offer_key = "utter_offer_welsh" if stored.offer == "cy" else "utter_offer_english"
            replies.extend(self._catalogue.render_for(offer_key, language))

        # 4. Store the replies, then acknowledge. If they cannot be stored the person is
        #    told so; their message is kept, and sending it again (same client_message_id)
        #    answers it then.
        turn = await self._in_worker(
            language,
            functools.partial(
                self._store_answer,
                conversation_id,
                stored.seq,
                replies,
                language=language,
                at_risk=at_risk,
                notices=notices,
            ),
        )
        await self._desk.publish(notices)
        return turn

    def _store_message(
        self,
        conversation_id: str,
        incoming: Incoming,
        client_message_id: str | None,
        notices: Notices,
    ) -> StoredMessage:
        user_text, payload, chosen = incoming.user_text, incoming.payload, incoming.chosen
        at_risk = incoming.at_risk
        # What is stored as the message's payload: a button's, not a language named in words.
        sent_payload = payload.as_rasa_message() if payload and not user_text else None
        offer: Lang | None = None
        with self._sessions() as session, session.begin():
            conversation = self._load(session, conversation_id)
            replay = self._replay_or_refuse(
                session, conversation, client_message_id, user_text, sent_payload
            )
            if replay is not None:
                return StoredMessage(replay.language, 0, None, replay, replayed=True)
            giving_contact = (
                user_text is not None
                and payload is None
                and conversation.state == "bot"
                and (conversation.awaiting or "").startswith(CONTACT_PREFIX)
            )
            # A message stored before but never answered (the process stopped, or the
            # replies could not be stored) is answered now, not stored twice.
            user_message = self._unanswered(session, conversation, client_message_id) or append(
                session,
                conversation,
                sender="user",
                # Contact details are stored only encrypted (see contact.py), never here.
                text=CONTACT_PLACEHOLDER if giving_contact else user_text,
                payload=sent_payload,
                lang=as_lang(conversation.language),
                client_message_id=client_message_id,
            )
            if chosen:
                conversation.language, conversation.language_source = chosen, "chosen"
            elif user_text and conversation.state == "bot" and not giving_contact:
                decision = decide_language(
                    as_lang(conversation.language),
                    conversation.language_source,  # type: ignore[arg-type]
                    user_text,
                )
                conversation.language = decision.language
                conversation.language_source = decision.source
                offer = decision.offer
            if at_risk:
                conversation.risk_flagged_at = datetime.now(timezone.utc)
            user_message.lang = as_lang(conversation.language)
            stored = StoredMessage(as_lang(conversation.language), user_message.seq, offer, None)
            local = self._answer_locally(
                session,
                conversation,
                user_message,
                user_text=user_text,
                payload=payload,
                at_risk=at_risk,
                giving_contact=giving_contact,
                notices=notices,
            )
            if local is not None:
                stored.turn = self._finish(session, conversation, user_message, local)
            elif incoming.local_key is None:
                stored.last_faq = last_faq_answer(session, conversation_id)
        return stored

    def _store_answer(
        self,
        conversation_id: str,
        user_seq: int,
        replies: list[ChatMessage],
        *,
        language: Lang | None,
        at_risk: bool,
        notices: Notices,
    ) -> Turn:
        # Rasa recognising "talk to a person" starts the handoff here, in the transaction
        # that stores what the person is told.
        with self._sessions() as session, session.begin():
            conversation = self._load(session, conversation_id)
            if language and language != conversation.language:
                conversation.language, conversation.language_source = language, "chosen"
            if any(m.key == "utter_talk_to_person" for m in replies):
                replies = [m for m in replies if m.key not in ("utter_talk_to_person", CRISIS_KEY)]
                replies.extend(
                    self._desk.ask(session, conversation, at_risk=at_risk, notices=notices)
                )
            user_message = session.scalars(
                select(Message).where(
                    Message.conversation_id == conversation_id, Message.seq == user_seq
                )
            ).one()
            self._feedback.ask_after(session, conversation, replies, at_risk=at_risk)
            return self._finish(session, conversation, user_message, replies)

    def _answer_locally(
        self,
        session: Session,
        conversation: Conversation,
        user_message: Message,
        *,
        user_text: str | None,
        payload: Payload | None,
        at_risk: bool,
        giving_contact: bool,
        notices: Notices,
    ) -> list[ChatMessage] | None:
        """Replies for turns that are not Rasa's to answer, or None to ask Rasa."""
        intent = payload.intent if payload else None
        if intent in PERSON_COMMANDS:
            assert payload is not None
            # The first answer to "was the peer supporter helpful?" may lead to a story.
            first_peer_feedback = (
                intent == "peer_feedback"
                and payload.entities.get("helpful") in ("yes", "no")
                and self._feedback.peer_feedback_pending(session, conversation)
            )
            replies = self._desk.person_command(
                session,
                conversation,
                payload.intent,
                payload.entities,
                at_risk=at_risk,
                notices=notices,
            )
            if first_peer_feedback:
                replies.extend(self._feedback.invite(session, conversation, PEER_CHAT))
            return replies
        if conversation.state in PEER_STATES:
            if intent in FEEDBACK_COMMANDS:
                return []  # an old button from before the chat: nothing for the supporter
            if intent == TALK_TO_PERSON:
                return self._desk.ask(session, conversation, at_risk=at_risk, notices=notices)
            return self._desk.person_wrote(
                session, conversation, user_message, at_risk=at_risk, notices=notices
            )
        if giving_contact:
            assert user_text is not None
            replies = self._desk.contact_given(
                session, conversation, user_text, at_risk=at_risk, notices=notices
            )
            return self._with_crisis(replies, at_risk, as_lang(conversation.language))
        if intent == TALK_TO_PERSON or (user_text is not None and asks_for_person(user_text)):
            conversation.awaiting = None
            return self._desk.ask(session, conversation, at_risk=at_risk, notices=notices)
        if intent == RATE_ANSWER:
            assert payload is not None
            if (conversation.awaiting or "").startswith(STORY_PREFIX):
                conversation.awaiting = None  # a tap, not a story: the invitation lapses
            return self._feedback.rate(session, conversation, user_message, payload.entities)
        return self._feedback.story_turn(
            session, conversation, user_text=user_text, intent=intent, at_risk=at_risk
        )

    def _with_crisis(
        self, replies: list[ChatMessage], at_risk: bool, language: Lang | None
    ) -> list[ChatMessage]:
        if at_risk and not any(m.key == CRISIS_KEY for m in replies):
            return [*self._catalogue.render_for(CRISIS_KEY, language), *replies]
        return replies

    def _finish(
        self,
        session: Session,
        conversation: Conversation,
        user_message: Message,
        replies: list[ChatMessage],
    ) -> Turn:
        """Store the replies after the person's message and build what the API returns."""
        if conversation.state == "bot":
            self._offer_a_person(replies, as_lang(conversation.language))
        if replies:
            user_message.reply_to_seq = store_replies(session, conversation, replies)
        else:
            user_message.reply_to_seq = user_message.seq
        conversation.last_activity_at = datetime.now(timezone.utc)
        return Turn(conversation.id, as_lang(conversation.language), conversation.state, replies)

    def _offer_a_person(self, replies: list[ChatMessage], language: Lang | None) -> None:
        """Every assistant reply ends with a way to reach a person (unless it has one)."""
        if not replies or any(
            b.payload.startswith(("/talk_to_person", "/request_callback", "/handoff_english"))
            for m in replies
            for b in m.buttons
        ):
            return
        titles = [
            m.text for m in self._catalogue.render_for("utter_talk_to_person_button", language)
        ]
        replies[-1].buttons.append(Button(" / ".join(titles), "/talk_to_person"))

    async def _ask_rasa(
        self, conversation_id: str, message: str, language: Lang | None, last_faq: str | None
    ) -> tuple[list[ChatMessage], Lang | None]:
        """Rasa's replies (empty if it said nothing at all), or the honest "I'm having
        trouble" with the crisis numbers if it did not answer in time."""
        # The last FAQ answer, including one a button got from us without Rasa, is the
        # conversation's topic for a generic follow-up ("is it free?"): action_answer_faq.
        metadata: dict[str, str | None] = {"language": language}
        if last_faq:
            metadata[FAQ_ANSWER_METADATA] = last_faq
        try:
            raw = await self._rasa.send(conversation_id, message, metadata)
        except RasaUnavailable:
            return self._catalogue.render_for("utter_trouble", language), language
        replies: list[ChatMessage] = []
        for item in raw:
            custom = item.get("custom")
            if isinstance(custom, dict) and as_lang(custom.get(SET_LANGUAGE)):
                language = as_lang(custom[SET_LANGUAGE])
                continue
            if isinstance(custom, dict) and isinstance(custom.get(CUSTOM_KEY), dict):
                block = custom[CUSTOM_KEY]
                for message_data in block.get("messages") or []:
                    chat = ChatMessage.from_dict(message_data)
                    chat.key = block.get("key")
                    replies.append(chat)
            elif isinstance(custom, dict) and isinstance(custom.get(RENDER_KEY), dict):
                # Rasa could not reach the NLG endpoint: render the response it named here,
                # from the same catalogue (database, else the packaged YAML).
                replies.extend(self._render_note(custom[RENDER_KEY], language))
            elif isinstance(item.get("text"), str):
                # Text straight from Rasa (its own fallback): we cannot vouch for its
                # language, so answer with our own "didn't understand" instead.
                replies.extend(self._catalogue.render_for("utter_default", language))
        return replies, language

    def _render_note(self, note: dict[str, Any], language: Lang | None) -> list[ChatMessage]:
        arguments = note.get("arguments")
        values = arguments if isinstance(arguments, dict) else {}
        # An action may name the language (`action_switch_language` does).
        requested = as_lang(values.get("language"))
        try:
            return self._catalogue.render_for(str(note.get("key")), requested or language, values)
        except UnknownResponse:
            return self._catalogue.render_for("utter_default", language)

    async def _explain_silence(
        self,
        conversation_id: str,
        user_text: str | None,
        payload: Payload | None,
        chosen: Lang | None,
        language: Lang | None,
        at_risk: bool,
    ) -> list[ChatMessage]:
        """Rasa answered with nothing. That happens when a custom action could not run (Rasa
        carries on without it), so find out before saying "I didn't understand"."""
        if chosen and payload is not None and payload.intent == "choose_language":
            return self._catalogue.render_for("utter_language_chosen", chosen)
        if self._actions_health_url and not await degraded.answers(self._actions_health_url):
            log.warning("action server unavailable", extra={"conversation_id": conversation_id})
            if at_risk:
                return []  # the crisis response is added next, and is the answer
            texts = degraded.recent_texts(self._sessions, conversation_id, user_text)
            return degraded.directory_unavailable(self._catalogue, self._sessions, language, texts)
        return self._catalogue.render_for("utter_default", language)

    # -- storage helpers ------------------------------------------------------------------

    @contextmanager
    def _storage(self, language: Lang | None) -> Iterator[None]:
        """A database that cannot be reached is the person's honest 503, never a 500."""
        try:
            yield
        except SQLAlchemyError as exc:
            log.warning("conversation store unavailable: %s", type(exc).__name__)
            raise errors.StorageUnavailable(language) from exc

    async def _in_worker(self, language: Lang | None, work: Callable[[], T]) -> T:
        """Run a write in a worker thread: a database waiting on a lock (SQLite's busy
        timeout) then holds up this conversation only, not every other one."""
        with self._storage(language):
            return await asyncio.to_thread(work)

    async def _language_if_readable(self, conversation_id: str) -> Lang | None:
        """The conversation's language for an error, when the database can still be read
        (it refused a write: a lock, not an outage); else None, and both languages."""
        try:
            return await asyncio.to_thread(self.language_of, conversation_id)
        except errors.ConversationError:
            return None

    @staticmethod
    def _unanswered(
        session: Session, conversation: Conversation, client_message_id: str | None
    ) -> Message | None:
        if not client_message_id:
            return None
        return session.scalars(
            select(Message).where(
                Message.conversation_id == conversation.id,
                Message.client_message_id == client_message_id,
                Message.reply_to_seq.is_(None),
            )
        ).first()

    @staticmethod
    def _load(session: Session, conversation_id: str) -> Conversation:
        conversation = (
            session.get(Conversation, conversation_id) if len(conversation_id) <= 64 else None
        )
        if conversation is None:
            raise errors.ConversationNotFound(None)
        return conversation

    def _replay(
        self,
        session: Session,
        conversation: Conversation,
        client_message_id: str,
        text: str | None,
        payload: str | None,
    ) -> Turn | None:
        """A request seen before is answered with what was said then, not run again."""
        original = session.scalars(
            select(Message).where(
                Message.conversation_id == conversation.id,
                Message.client_message_id == client_message_id,
            )
        ).first()
        if original is None:
            return None
        # Contact details were stored as a placeholder (never the number itself), so
        # any text sent again under their id is taken as the same request.
        same = (
            text is not None
            and (original.text == CONTACT_PLACEHOLDER or clean_text(text) == (original.text or ""))
        ) or (payload is not None and original.payload is not None)
        if not same:
            raise errors.ReplayMismatch(as_lang(conversation.language))
        if original.reply_to_seq is None:
            return None  # stored but never answered: the turn runs now (see _unanswered)
        replies = session.scalars(
            select(Message)
            .where(
                Message.conversation_id == conversation.id,
                Message.seq > original.seq,
                Message.seq <= original.reply_to_seq,
            )
            .order_by(Message.seq)
        ).all()
        return Turn(
            conversation.id,
            as_lang(conversation.language),
            conversation.state,
            [as_chat(m) for m in replies],
        )
