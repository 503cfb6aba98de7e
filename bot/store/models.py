"""SQLAlchemy models: what Cymar keeps, and nothing more.

Message text is special-category data (mental health); the only columns that hold it are
`Message.text`, which retention will clear, and nothing else copies it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes (every stored time is UTC); PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Conversation(Base):
    """One person's conversation, on one channel, in one language at a time."""

    __tablename__ = "conversation"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    channel: Mapped[str] = mapped_column(String(20), default="web")
    # None until the person chooses or writes clearly enough in one language.
    language: Mapped[str | None] = mapped_column(String(2), nullable=True)
    # "chosen" (explicit, sticky), "detected" (may switch) or "none".
    language_source: Mapped[str] = mapped_column(String(10), default="none")
    state: Mapped[str] = mapped_column(String(20), default="bot")
    # A question the router asked and is waiting for the answer to, e.g. "contact:phone".
    awaiting: Mapped[str | None] = mapped_column(String(30), nullable=True)
    risk_flagged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # SHA-256 of the secret the API gave whoever started the conversation; deleting it
    # through the API needs the secret (bot/privacy/holder.py). None for Telegram chats,
    # which erase through /forget in the chat itself.
    holder_token_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation",
        order_by="Message.seq",
        cascade="all, delete-orphan",
    )


class Message(Base):
    """A message in a conversation, stored before it is acknowledged."""

    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq"),
        UniqueConstraint("conversation_id", "client_message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    # "user", "bot", "peer" or "system".
    sender: Mapped[str] = mapped_column(String(10))
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    payload: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lang: Mapped[str | None] = mapped_column(String(2), nullable=True)
    buttons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    cards: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # The client's id for a user message, so a replayed request is answered, not re-run.
    client_message_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # For a user message: the seq of the last reply produced for it (replay returns those).
    reply_to_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # For the assistant's message: the response key it came from (topic summaries use it).
    response_key: Mapped[str | None] = mapped_column(String(120), nullable=True)
    # For a peer supporter's message: who wrote it, and when the person's device received it.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class Response(Base):
    """A response key (e.g. `utter_peer_support/cost`); its text lives in revisions."""

    __tablename__ = "response"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    topic: Mapped[str] = mapped_column(String(60), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ResponseRevision(Base):
    """One language's text of a response at one point; the newest published one is served."""

    __tablename__ = "response_revision"
    __table_args__ = (
        Index("ix_revision_lookup", "response_key", "language", "status", "id"),
        Index("ix_revision_change", "change_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    response_key: Mapped[str] = mapped_column(ForeignKey("response.key", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # "draft", "in_review", "approved", "published", "superseded" or "discarded".
    status: Mapped[str] = mapped_column(String(12), default="draft")
    # Where the text came from: "seed:<file>" for the reviewed YAML, or a staff account.
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The staff change (both languages together) this text belongs to; None for the seed.
    change_id: Mapped[int | None] = mapped_column(
        ForeignKey("response_change.id", ondelete="SET NULL")
    )


class ResponseChange(Base):
    """One staff change to a response, both languages together, and its review.

    `status` goes "draft" -> "in_review" -> "approved" -> "published" (or "discarded");
    a published change becomes "superseded" when a later one is published. Its two
    revisions carry the same status, so the NLG endpoint only ever reads "published" rows.
    `kind` is "edit", "rollback" (publishes text that was already reviewed) or "import"
    (from the files in git, `python -m bot.ops.answers import`). The rules are in
    bot/staff/answers.py.
    """

    __tablename__ = "response_change"
    __table_args__ = (Index("ix_change_key_status", "response_key", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    response_key: Mapped[str] = mapped_column(ForeignKey("response.key", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12), default="edit")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"))
    author_name: Mapped[str] = mapped_column(String(120))
    # Everyone who changed the text: none of them may approve it.
    editor_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # The published revisions the change started from ("changed meanwhile" warnings).
    base_cy_id: Mapped[int | None] = mapped_column(Integer)
    base_en_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signoff_by: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"))
    signoff_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    restores_change_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class CrisisLine(Base):
    """A number the assistant offers when someone is at risk; staff-editable, never invented."""

    __tablename__ = "crisis_line"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name_en: Mapped[str] = mapped_column(String(120))
    name_cy: Mapped[str] = mapped_column(String(120))
    how_en: Mapped[str] = mapped_column(String(200))
    how_cy: Mapped[str] = mapped_column(String(200))
    when_en: Mapped[str] = mapped_column(String(200))
    when_cy: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30))
    sms: Mapped[str | None] = mapped_column(String(60))
    # Lines with limited hours (Europe/London, "HH:MM"); offered only while open.
    opens_at: Mapped[str | None] = mapped_column(String(5))
    closes_at: Mapped[str | None] = mapped_column(String(5))
    # Shown only to people writing in this language (the Welsh-language Samaritans line).
    only_language: Mapped[str | None] = mapped_column(String(2))
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


# --- the directory: organisations, services and when they meet ---------------------------


class Area(Base):
    """A local authority (22) or health board (7) of Wales, named in both languages.

    Seeded from data/directory/areas.yml, which also holds the towns, postcode districts
    and neighbours that bot/directory/areas.py uses to read places from messages.
    """

    __tablename__ = "area"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # local_authority | health_board
    name_en: Mapped[str] = mapped_column(String(120))
    name_cy: Mapped[str] = mapped_column(String(120))
    health_board_slug: Mapped[str | None] = mapped_column(ForeignKey("area.slug"))


class Organisation(Base):
    """Who runs services; their public contact details only."""

    __tablename__ = "organisation"

    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_cy: Mapped[str] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    # Sample organisations are invented; answers say so while any remain.
    sample: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # bot.directory.records.sync_state as last written from or exported to
    # data/directory/services.yml; differing now means staff changed it since.
    synced_fingerprint: Mapped[str | None] = mapped_column(String(64))


class Service(Base):
    """A group, course, session series or helpline a person can go to."""

    __tablename__ = "service"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    organisation_slug: Mapped[str] = mapped_column(ForeignKey("organisation.slug"), index=True)
    # peer_support_group, peer_mentoring, recovery_college_course, wellbeing_session, helpline
    kind: Mapped[str] = mapped_column(String(30), index=True)
    title_en: Mapped[str] = mapped_column(String(200))
    title_cy: Mapped[str] = mapped_column(String(200))
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_cy: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Local authority slug (None for national online or phone services).
    area_slug: Mapped[str | None] = mapped_column(ForeignKey("area.slug"), index=True)
    health_board_slug: Mapped[str | None] = mapped_column(ForeignKey("area.slug"), index=True)
    venue_name_en: Mapped[str | None] = mapped_column(String(200))
    venue_name_cy: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    postcode: Mapped[str | None] = mapped_column(String(10))
    in_person: Mapped[bool] = mapped_column(default=False)
    online: Mapped[bool] = mapped_column(default=False)
    by_phone: Mapped[bool] = mapped_column(default=False)
    # Language of delivery; both true means bilingual.
    in_welsh: Mapped[bool] = mapped_column(default=False)
    in_english: Mapped[bool] = mapped_column(default=True)
    in_bsl: Mapped[bool] = mapped_column(default=False)
    cost_en: Mapped[str] = mapped_column(String(120), default="Free")
    cost_cy: Mapped[str] = mapped_column(String(120), default="Am ddim")
    booking_method: Mapped[str] = mapped_column(String(10), default="drop_in")
    booking_value: Mapped[str | None] = mapped_column(String(300))
    access: Mapped[list[Any]] = mapped_column(JSON, default=list)
    min_age: Mapped[int | None] = mapped_column(Integer)
    carers_welcome: Mapped[bool] = mapped_column(default=False)
    hours_en: Mapped[str | None] = mapped_column(String(200))
    hours_cy: Mapped[str | None] = mapped_column(String(200))
    # ISO dates on which a recurring meeting will not happen (kept so later expansion
    # of the recurrence still skips them).
    cancelled_dates: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sample: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # As on Organisation: the state last in step with the git file.
    synced_fingerprint: Mapped[str | None] = mapped_column(String(64))

    organisation: Mapped[Organisation] = relationship()
    recurrences: Mapped[list[Recurrence]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )

    def cancelled_dates_set(self) -> set[date]:
        return {date.fromisoformat(str(d)) for d in self.cancelled_dates or []}


class Recurrence(Base):
    """A weekly or monthly rhythm, in Wales's local time (so 18:30 stays 18:30 all year)."""

    __tablename__ = "recurrence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    freq: Mapped[str] = mapped_column(String(10))  # weekly | monthly
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    week_of_month: Mapped[int | None] = mapped_column(Integer)  # 1-4, or -1 for the last
    local_time: Mapped[str] = mapped_column(String(5))  # HH:MM, Europe/London
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    service: Mapped[Service] = relationship(back_populates="recurrences")


class SessionOccurrence(Base):
    """One dated meeting of a service: one-off dates and recurrences expanded ahead.

    Search reads only this table (plus the service), so it stays one indexed range scan
    however the schedule was written. Area, kind and delivery are copied here because
    they are what every search filters on together with the time window.
    """

    __tablename__ = "session_occurrence"
    __table_args__ = (
        UniqueConstraint("service_id", "starts_at"),
        Index("ix_occurrence_area_time", "area_slug", "starts_at"),
        Index("ix_occurrence_board_time", "health_board_slug", "starts_at"),
        Index("ix_occurrence_online_time", "online", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    cancelled: Mapped[bool] = mapped_column(default=False)
    area_slug: Mapped[str | None] = mapped_column(String(40))
    health_board_slug: Mapped[str | None] = mapped_column(String(40))
    online: Mapped[bool] = mapped_column(default=False)
    kind: Mapped[str] = mapped_column(String(30))

    service: Mapped[Service] = relationship()


# -- people who help: staff, availability and the handoff to a peer supporter ---------------


class StaffAccount(Base):
    """A member of staff (admin, editor, reviewer, lived-experience reviewer, peer supporter)."""

    __tablename__ = "staff_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    # The name a person sees ("Sian"): peer supporters choose how much of it to share.
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(300))
    # Some of bot.staff.permissions.ROLES ("admin", "editor", "reviewer",
    # "lived_experience_reviewer", "peer_supporter"); what each may do is in PERMISSIONS.
    roles: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Languages this person supports people in, e.g. ["cy", "en"].
    languages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    organisation_slug: Mapped[str | None] = mapped_column(ForeignKey("organisation.slug"))
    # The on-duty toggle; availability also needs the organisation open and a live inbox.
    on_duty: Mapped[bool] = mapped_column(default=False)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The supporter's own Telegram user id, when they take requests through Telegram.
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    # The staff interface language.
    ui_language: Mapped[str] = mapped_column(String(2), default="cy")
    active: Mapped[bool] = mapped_column(default=True)
    # Set when an admin made the account or reset its password: the one-time password
    # they were shown must be replaced before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StaffSession(Base):
    """A signed-in browser; only a hash of the cookie's token is kept.

    It ends when signed out, `STAFF_SESSION_IDLE_MINUTES` after `last_seen_at`, or
    `expires_at` (absolute), whichever comes first.
    """

    __tablename__ = "staff_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The synchronizer token every form and fetch of this session must carry.
    csrf_token: Mapped[str] = mapped_column(String(64))
    # One message for the next page ("saved"): a text key and its values, never free text.
    flash: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class StaffLoginFailure(Base):
    """A refused sign-in, kept for the throttling window only.

    The key is a SHA-256 of "account:<username>" or "address:<ip>", so the table never
    holds what somebody typed (a mistyped password in the username box, say). It lives in
    the database so that every web process sees the same count.
    """

    __tablename__ = "staff_login_failure"
    __table_args__ = (Index("ix_login_failure_key_time", "key_hash", "failed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class PeerOpeningHours(Base):
    """When an organisation's peer supporters take chats (Europe/London local time)."""

    __tablename__ = "peer_opening_hours"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_slug: Mapped[str] = mapped_column(
        ForeignKey("organisation.slug", ondelete="CASCADE"), index=True
    )
    # 0 = Monday ... 6 = Sunday.
    weekday: Mapped[int] = mapped_column(Integer)
    opens_at: Mapped[str] = mapped_column(String(5))
    # "24:00" means until midnight.
    closes_at: Mapped[str] = mapped_column(String(5))


class HandoffRequest(Base):
    """A person asked to talk to a peer supporter; one per wait, from asking to hand back."""

    __tablename__ = "handoff_request"
    __table_args__ = (Index("ix_handoff_queue", "status", "urgent", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(2))
    # A Welsh speaker who said an English-speaking supporter is fine.
    accepts_english: Mapped[bool] = mapped_column(default=False)
    # Topic keys from the conversation (never the person's words): "recovery_college, cost".
    topic_summary: Mapped[str] = mapped_column(String(200), default="")
    urgent: Mapped[bool] = mapped_column(default=False)
    # "waiting", "active", "ended" or "cancelled".
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    supporter_id: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When it last entered the queue (re-queued after a supporter dropped out keeps its place).
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    timeout_offered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The supporter's short hand-back note (for colleagues; cleared with the conversation).
    handback_note: Mapped[str | None] = mapped_column(Text)
    # The seq of the message that asked: later messages from the person were sent while
    # waiting, and the supporter's screen marks them.
    asked_seq: Mapped[int] = mapped_column(Integer, default=0)


class CallbackRequest(Base):
    """A person asked to be contacted later; contact details are stored encrypted."""

    __tablename__ = "callback_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(2))
    # "phone", "text", "email" or "message" (a message left for a supporter to read).
    method: Mapped[str] = mapped_column(String(10))
    # Fernet token of the number, address or message; see bot/conversations/secrets.py.
    contact_encrypted: Mapped[str | None] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(default=False)
    # "open" or "done".
    status: Mapped[str] = mapped_column(String(8), default="open")
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SafeguardingConcern(Base):
    """A supporter's flag that a person may be at risk of harm; reviewed by the organisation.

    The organisation's safeguarding record, so it outlives the conversation: when the
    conversation is erased or expires, the concern is detached (no link to the messages,
    contact details redacted from the note) and kept for SAFEGUARDING_RETENTION_DAYS.
    See docs/privacy.md.
    """

    __tablename__ = "safeguarding_concern"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversation.id", ondelete="SET NULL"), index=True
    )
    handoff_id: Mapped[int | None] = mapped_column(
        ForeignKey("handoff_request.id", ondelete="SET NULL")
    )
    raised_by: Mapped[int] = mapped_column(ForeignKey("staff_account.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When its conversation was erased (on request) or expired.
    detached_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PeerFeedback(Base):
    """The one optional question after a hand back: was the peer supporter helpful?"""

    __tablename__ = "peer_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    handoff_id: Mapped[int] = mapped_column(
        ForeignKey("handoff_request.id", ondelete="CASCADE"), unique=True
    )
    # "yes", "no" or "skip".
    helpful: Mapped[str] = mapped_column(String(4))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AnswerFeedback(Base):
    """One tap on "Was this helpful?" after an answer: which answer, in which language, on
    which day. Nothing else: no conversation, no time of day, none of the person's words,
    so it cannot be traced back to anyone (bot/conversations/feedback.py)."""

    __tablename__ = "answer_feedback"
    __table_args__ = (Index("ix_answer_feedback_day_key", "day", "response_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The Welsh local date of the tap.
    day: Mapped[date] = mapped_column(Date)
    response_key: Mapped[str] = mapped_column(String(120))
    # "cy", "en" or "none" (the person had not chosen or written clearly in one yet).
    language: Mapped[str] = mapped_column(String(4))
    helpful: Mapped[bool] = mapped_column()


class Story(Base):
    """A person's short answer to "What difference has this made for you?", kept for Most
    Significant Change review panels.

    Anonymous by construction: no conversation id, no time of day (the Welsh local date
    only), contact details redacted before it is stored. Staff tag it, select it for a
    panel with a note, export it or delete it; STORY_RETENTION_DAYS removes it in the end.
    """

    __tablename__ = "story"
    __table_args__ = (Index("ix_story_day", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    # "cy", "en" or "none".
    language: Mapped[str] = mapped_column(String(4))
    day: Mapped[date] = mapped_column(Date)
    # What it followed: an answer's topic ("peer_support", "directory", ...) or "peer_chat".
    follows: Mapped[str] = mapped_column(String(40))
    selected: Mapped[bool] = mapped_column(default=False)
    # Why staff selected it for the panel (staff's words, never the person's).
    selection_note: Mapped[str] = mapped_column(Text, default="")

    tags: Mapped[list[StoryTag]] = relationship(
        back_populates="story",
        order_by="StoryTag.tag",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class StoryTag(Base):
    """A staff member's tag on a story ("confidence", "hyder"), lower case: a row each, so
    filtering by tag is one indexed query on SQLite and PostgreSQL alike."""

    __tablename__ = "story_tag"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)

    story: Mapped[Story] = relationship(back_populates="tags")


class AuditEvent(Base):
    """Who did what to what, and when; never message text, never a password.

    Write it with bot.staff.audit.record, which fills `changes` with the before and after
    of each changed field and hides secrets.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_time", "created_at"),
        Index("ix_audit_action_time", "action", "created_at"),
        Index("ix_audit_staff_time", "staff_id", "created_at"),
        Index("ix_audit_subject", "subject"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Who: a staff account, or None for the system, a person or the command line.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"))
    action: Mapped[str] = mapped_column(String(40))
    # What it was done to, as "<kind>:<key>", e.g. "crisis_line:samaritans", "staff:sian".
    subject: Mapped[str] = mapped_column(String(120))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # {"field": {"before": ..., "after": ...}} for each field that changed.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# -- Telegram: which private chat carries which conversation ------------------------------


class TelegramChat(Base):
    """A person's private chat with the bot and the conversation it carries (one at a time).

    `last_sent_seq` is how far the chat has been sent the stored conversation, so messages
    that arrive while Telegram is unreachable (a supporter's reply) are sent on reconnect,
    once. /forget deletes the row with the conversation; the next message starts afresh.
    """

    __tablename__ = "telegram_chat"

    # Telegram chat ids go beyond 32 bits.
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE"), unique=True
    )
    last_sent_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TelegramButton(Base):
    """A button payload longer than Telegram's 64-byte callback data, under a short key.

    The key is a hash of the payload, so one payload is stored once however often it is
    shown, and a button keeps working after a restart. Payloads are the assistant's own
    (intents and slot values), never what a person wrote.
    """

    __tablename__ = "telegram_button"

    key: Mapped[str] = mapped_column(String(24), primary_key=True)
    payload: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# -- privacy: anonymous counts that outlive the conversations, and the retention job -------


class UsageDaily(Base):
    """How much Cymar was used, per day, channel and language: counts only, nothing that
    points back at a person. A conversation is counted once, when it is deleted (by the
    retention job or on request), under the day it started (Europe/London)."""

    __tablename__ = "usage_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    # "cy", "en" or "none" (the person never chose or wrote clearly in one).
    language: Mapped[str] = mapped_column(String(4), primary_key=True)
    conversations: Mapped[int] = mapped_column(Integer, default=0)
    messages_from_people: Mapped[int] = mapped_column(Integer, default=0)
    messages_to_people: Mapped[int] = mapped_column(Integer, default=0)
    handoffs: Mapped[int] = mapped_column(Integer, default=0)
    peer_chats: Mapped[int] = mapped_column(Integer, default=0)
    crisis_flags: Mapped[int] = mapped_column(Integer, default=0)
    callbacks: Mapped[int] = mapped_column(Integer, default=0)
    feedback_helpful: Mapped[int] = mapped_column(Integer, default=0)
    feedback_not_helpful: Mapped[int] = mapped_column(Integer, default=0)
    erased_on_request: Mapped[int] = mapped_column(Integer, default=0)


class JobLease(Base):
    """Who is running a periodic job (the retention sweep), so several processes or machines
    never run it at once; a lease that is not renewed expires by itself."""

    __tablename__ = "job_lease"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
