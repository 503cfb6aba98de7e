""" "Was this helpful?" after an answer, and the occasional invitation to tell a story.

The router calls this inside the transaction that stores the person's message, so a tap
and its reply are stored together. What it keeps is anonymous by construction:

- a tap becomes an `AnswerFeedback` row (the answer's response key, the language, the Welsh
  date, yes or no): no conversation id, no time of day, none of the person's words;
- a story becomes a `Story` row: the text with contact details redacted, the language, the
  Welsh date and what it followed (an answer's topic, or "peer_chat"), and nothing that
  links it to the conversation or the person.

What is asked, and when (each rule keeps the questions rare and never in the way):
- the question follows an FAQ or directory answer, at most once per topic per conversation,
  never in a turn with a crisis response or a safety check-in, never while waiting for or
  talking to a peer supporter (the hand back asks its own question);
- a story is invited only after "Yes" or a finished peer chat, for a share of them
  (STORY_INVITE_RATE), at most once per conversation, never in a conversation that showed
  risk; the next free-text message is the story unless it is a button, a command or it
  shows risk (then the crisis response comes first and nothing is kept as a story).
Ignoring either question is always fine: the next message is answered as usual.

Which question a tap answers travels in its payload as the topic (`/rate_answer{"helpful":
"yes", "topic": "peer_support"}`: a topic is asked about once per conversation, and the
payload stays within Telegram's 64 bytes), so tapping an older question in Telegram still
counts for the right answer. A tap counts once, and only for an answer the conversation was
asked about; the response key recorded is the one stored with that answer, never one the
payload names.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.content.model import Button, ChatMessage, as_lang
from bot.conversations.payloads import PAYLOAD
from bot.conversations.text import has_words
from bot.privacy.redact import redact
from bot.store.models import (
    AnswerFeedback,
    Conversation,
    HandoffRequest,
    Message,
    PeerFeedback,
    Story,
)

WALES = ZoneInfo("Europe/London")
RATE_ANSWER = "rate_answer"
SKIP_STORY = "skip_story"
# Buttons the router answers itself, whatever state the conversation is in.
FEEDBACK_COMMANDS = frozenset({RATE_ANSWER, SKIP_STORY})
ASK_KEY = "utter_ask_helpful"
INVITE_KEY = "utter_story_invite"
# `Conversation.awaiting` while the next free-text message is taken as a story.
STORY_PREFIX = "story:"
PEER_CHAT = "peer_chat"
FAQ_ANSWER = re.compile(r"^utter_(peer_support|recovery_college|wellbeing)/[a-z_]+$")
TOPICS = frozenset({"peer_support", "recovery_college", "wellbeing", "directory"})
DIRECTORY_ANSWERS = frozenset(
    {"utter_directory_results", "utter_directory_results_last", "utter_directory_courses"}
)
# Replies after which "Was this helpful?" would be wrong: the person may be at risk.
SAFETY_KEYS = frozenset({"utter_crisis", "utter_crisis_check_in", "utter_peer_safety_notice"})
ANSWERS = ("yes", "no")
TALK_TO_PERSON = "/talk_to_person"


def topic_of(response_key: str | None) -> str | None:
    """The topic an answer is rated under ("peer_support", "directory"), or None if the
    response is not an answer people are asked about."""
    if not response_key:
        return None
    faq = FAQ_ANSWER.match(response_key)
    if faq:
        return faq.group(1)
    return "directory" if response_key in DIRECTORY_ANSWERS else None


def valid_rating(entities: dict[str, str]) -> bool:
    """A `/rate_answer` payload the router can act on. The topic is optional so that the
    bare button of the response files is not an error, but without one nothing is counted:
    the router always names it."""
    topic = entities.get("topic")
    return entities.get("helpful") in ANSWERS and (topic is None or topic in TOPICS)


def _asks(buttons: Sequence[Button] | Sequence[dict[str, str]]) -> bool:
    """The message carries the question's Yes and No."""
    return any(
        (b.payload if isinstance(b, Button) else str(b.get("payload", ""))).startswith(
            f"/{RATE_ANSWER}"
        )
        for b in buttons
    )


def wales_today(now: datetime | None = None) -> date:
    return (now or datetime.now(timezone.utc)).astimezone(WALES).date()


def _with_topic(button: Button, topic: str) -> Button:
    """The question's button, naming the topic of the answer it is about."""
    match = PAYLOAD.match(button.payload)
    if not match or match.group("intent") != RATE_ANSWER:
        return button
    try:
        entities = json.loads(match.group("entities") or "{}")
    except ValueError:
        return button
    entities["topic"] = topic
    return Button(button.title, f"/{RATE_ANSWER}{json.dumps(entities, ensure_ascii=False)}")


def _rated_topic(payload: str | None) -> str | None:
    match = PAYLOAD.match(payload or "")
    if not match or match.group("intent") != RATE_ANSWER:
        return None
    try:
        entities = json.loads(match.group("entities") or "{}")
    except ValueError:
        return None
    topic = entities.get("topic") if isinstance(entities, dict) else None
    return topic if isinstance(topic, str) else None


class FeedbackDesk:
    def __init__(
        self,
        catalogue: ResponseCatalogue,
        *,
        invite_rate: float,
        story_max_chars: int,
        chance: Callable[[], float] = random.random,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._catalogue = catalogue
        self._invite_rate = invite_rate
        self._max_chars = story_max_chars
        # random.random in production; tests pass their own (or a rate of 0 or 1).
        self._chance = chance
        self._clock = clock or (lambda: datetime.now(timezone.utc))

    # -- "Was this helpful?" ---------------------------------------------------------------

    def ask_after(
        self,
        session: Session,
        conversation: Conversation,
        replies: list[ChatMessage],
        *,
        at_risk: bool,
    ) -> None:
        """Add the question to this turn's answer, when it is time to ask.

        The question joins the answer's own message, its Yes and No before the answer's
        "Talk to a person": a separate message with buttons would take the answer's
        follow-up buttons away (the widget keeps only the latest message's buttons)."""
        if at_risk or conversation.state != "bot":
            return
        if any(m.key in SAFETY_KEYS for m in replies):
            return
        answer = next((m.key for m in reversed(replies) if topic_of(m.key)), None)
        if answer is None or any(_asks(m.buttons) for m in replies):
            return
        topic = topic_of(answer)
        assert topic is not None
        if topic in self._asked(session, conversation.id):
            return
        questions = {
            q.lang: q for q in self._catalogue.render_for(ASK_KEY, as_lang(conversation.language))
        }
        for message in replies:
            question = questions.get(message.lang)
            if message.key != answer or question is None:
                continue
            message.text = f"{message.text}\n\n{question.text}"
            yes_no = [_with_topic(b, topic) for b in question.buttons]
            at = next(
                (i for i, b in enumerate(message.buttons) if b.payload == TALK_TO_PERSON),
                len(message.buttons),
            )
            message.buttons[at:at] = yes_no

    def rate(
        self,
        session: Session,
        conversation: Conversation,
        user_message: Message,
        entities: dict[str, str],
    ) -> list[ChatMessage]:
        """A tap on Yes or No: counted once, for an answer this conversation was asked about."""
        language = as_lang(conversation.language)
        helpful = entities.get("helpful") == "yes"
        asked = self._asked(session, conversation.id)
        topic = entities.get("topic")
        answer = asked.get(topic) if topic else None
        fresh = answer is not None and not self._rated_before(
            session, conversation.id, str(topic), user_message.seq
        )
        if fresh:
            assert answer is not None
            session.add(
                AnswerFeedback(
                    day=wales_today(self._clock()),
                    response_key=answer,
                    language=language or "none",
                    helpful=helpful,
                )
            )
        if not helpful:
            return self._catalogue.render_for("utter_feedback_thanks_not_helpful", language)
        thanks = self._catalogue.render_for("utter_feedback_thanks", language)
        if fresh:
            thanks.extend(self.invite(session, conversation, str(topic)))
        return thanks

    # -- stories ---------------------------------------------------------------------------

    @staticmethod
    def peer_feedback_pending(session: Session, conversation: Conversation) -> bool:
        """The last finished peer chat has no answer to its question yet (so the tap being
        handled now is the first, and may lead to a story invitation)."""
        last = session.scalars(
            select(HandoffRequest.id)
            .where(
                HandoffRequest.conversation_id == conversation.id,
                HandoffRequest.status == "ended",
            )
            .order_by(HandoffRequest.id.desc())
            .limit(1)
        ).first()
        return (
            last is not None
            and session.scalar(select(PeerFeedback.id).where(PeerFeedback.handoff_id == last))
            is None
        )

    def invite(
        self, session: Session, conversation: Conversation, follows: str
    ) -> list[ChatMessage]:
        """Sometimes, the invitation to tell a story; the next free text is taken as it."""
        if (
            self._invite_rate <= 0
            or conversation.state != "bot"
            or conversation.risk_flagged_at is not None
            or conversation.awaiting is not None
            or self._invited_before(session, conversation.id)
            or self._chance() >= self._invite_rate
        ):
            return []
        conversation.awaiting = (STORY_PREFIX + follows)[:30]
        return self._catalogue.render_for(INVITE_KEY, as_lang(conversation.language))

    def story_turn(
        self,
        session: Session,
        conversation: Conversation,
        *,
        user_text: str | None,
        intent: str | None,
        at_risk: bool,
    ) -> list[ChatMessage] | None:
        """The answer to an invitation (kept, thanked), Skip, or None: not a story, so the
        message is answered as usual (a risky one gets the crisis response from the router)."""
        language = as_lang(conversation.language)
        awaiting = conversation.awaiting or ""
        if intent == SKIP_STORY:
            if awaiting.startswith(STORY_PREFIX):
                conversation.awaiting = None
            return self._catalogue.render_for("utter_story_skipped", language)
        if not awaiting.startswith(STORY_PREFIX):
            return None
        # Whatever happens next, the invitation has been answered or passed over.
        conversation.awaiting = None
        if (
            intent is not None
            or user_text is None
            or at_risk
            or user_text.startswith("/")
            or not has_words(user_text)
        ):
            return None
        if len(user_text) > self._max_chars:
            # Lose nothing: ask for a shorter one, still waiting for it.
            conversation.awaiting = awaiting
            return self._catalogue.render_for(
                "utter_story_too_long", language, {"max_chars": self._max_chars}
            )
        session.add(
            Story(
                text=redact(user_text),
                language=language or "none",
                day=wales_today(self._clock()),
                follows=awaiting.removeprefix(STORY_PREFIX),
                selected=False,
                selection_note="",
            )
        )
        return self._catalogue.render_for("utter_story_thanks", language)

    # -- what this conversation has been asked -----------------------------------------------

    @staticmethod
    def _asked(session: Session, conversation_id: str) -> dict[str, str]:
        """Topic -> the answer this conversation was asked "Was this helpful?" about, in
        the order asked."""
        rows = session.execute(
            select(Message.response_key, Message.buttons)
            .where(
                Message.conversation_id == conversation_id,
                Message.sender == "bot",
                Message.response_key.is_not(None),
            )
            .order_by(Message.seq)
        ).tuples()
        asked: dict[str, str] = {}
        for key, buttons in rows:
            topic = topic_of(key)
            if topic and key and _asks(buttons or []):
                asked.setdefault(topic, key)
        return asked

    @staticmethod
    def _rated_before(session: Session, conversation_id: str, topic: str, before_seq: int) -> bool:
        taps = session.scalars(
            select(Message.payload).where(
                Message.conversation_id == conversation_id,
                Message.sender == "user",
                Message.seq < before_seq,
                Message.payload.like(f"/{RATE_ANSWER}%"),
            )
        )
        return any(_rated_topic(payload) == topic for payload in taps)

    @staticmethod
    def _invited_before(session: Session, conversation_id: str) -> bool:
        return (
            session.scalar(
                select(Message.id)
                .where(
                    Message.conversation_id == conversation_id,
                    Message.response_key == INVITE_KEY,
                )
                .limit(1)
            )
            is not None
        )
