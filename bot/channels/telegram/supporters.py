"""Peer supporters on Telegram: new requests in a staff group, the chat in a private one.

The staff group is wider than whoever takes a chat, so a group post says only what the web
queue says (language, urgency, topics, how long it has waited), never the person's words.
Whoever presses Claim gets the conversation so far in their private chat with the bot, and
from then on messages relay both ways through the same PeerDesk the web inbox uses.

The desk stores everything before it notifies, so this relay is only a view: when Telegram
is unreachable it logs, waits and reconnects, catching up from the database, and the web
process it runs in never waits on it.

It is one part of the process's single Telegram Application (service.py): with the people
channel alongside, its private-chat handlers answer linked supporters only, and everyone
else's private chats belong to the people channel.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.channels.telegram.common import (
    TelegramApplication,
    chunks,
    transient,
)
from bot.channels.telegram.service import TelegramService
from bot.conversations import handoff
from bot.conversations.events import INBOX, EventHub
from bot.conversations.peer_relay import PeerDesk, chat_channel
from bot.settings import Settings
from bot.staff.availability import PEER_ROLE
from bot.store.models import HandoffRequest, StaffAccount, as_utc
from bot.store.models import Message as StoredMessage

log = logging.getLogger(__name__)

WALES = ZoneInfo("Europe/London")
CLAIM_PREFIX = "claim:"
CLAIM_PATTERN = re.compile(r"^claim:(\d{1,12})$")
ENDED_STATUSES = ("ended", "cancelled")

# Every word the relay says, in Welsh and English. Supporters and the staff group may read
# either language, so each message carries both: Welsh first, then English. Answers to a
# button press are limited to 200 characters by Telegram, so those stay short.
TEXT: dict[str, dict[str, str]] = {
    "claim_button": {"cy": "Derbyn", "en": "Claim"},
    "new_request": {"cy": "Cais newydd #{id}: {language}", "en": "New request #{id}: {language}"},
    "language_cy": {"cy": "Cymraeg", "en": "Welsh"},
    "language_en": {"cy": "Saesneg", "en": "English"},
    "english_ok": {"cy": "Saesneg yn iawn", "en": "English is fine"},
    "urgent": {"cy": "⚠️ BRYS: arwydd o risg", "en": "⚠️ URGENT: risk flagged"},
    "topics": {"cy": "Pynciau: {topics}", "en": "Topics: {topics}"},
    "waiting_since": {"cy": "Yn aros ers {time}", "en": "Waiting since {time}"},
    "post_claimed": {"cy": "✅ Wedi'i dderbyn gan {name}", "en": "✅ Claimed by {name}"},
    "post_closed": {"cy": "Dim yn aros mwyach", "en": "No longer waiting"},
    "not_linked": {
        "cy": "Dydy'ch cyfrif Telegram ddim wedi'i gysylltu â chyfrif gweithiwr cymorth.",
        "en": "Your Telegram account is not linked to a peer supporter account.",
    },
    "wrong_language": {
        "cy": "Mae'r cais hwn mewn iaith nad ydych chi'n ei chynnig.",
        "en": "This request is in a language you do not offer.",
    },
    "claimed_by_other": {
        "cy": "Mae rhywun arall wedi derbyn hwn.",
        "en": "Someone else has claimed this.",
    },
    "claimed_by_you": {
        "cy": "Chi sydd wedi derbyn hwn. Mae'r sgwrs yn eich sgwrs breifat â'r bot.",
        "en": "You have claimed this. The chat is in your private chat with the bot.",
    },
    "history_header": {
        "cy": "Sgwrs #{id} ({language}): y sgwrs hyd yma",
        "en": "Chat #{id} ({language}): the conversation so far",
    },
    "how_to_reply": {
        "cy": "Ysgrifennwch yma i ateb. /end [nodyn] i'w rhoi'n ôl i'r cynorthwyydd, "
        "/flag <nodyn> i godi pryder diogelu.",
        "en": "Write here to reply. /end [note] hands back to the assistant, "
        "/flag <note> raises a safeguarding concern.",
    },
    "from_user": {"cy": "Person", "en": "Person"},
    "from_bot": {"cy": "Cynorthwyydd", "en": "Assistant"},
    "from_peer": {"cy": "Gweithiwr cymorth", "en": "Peer supporter"},
    "from_system": {"cy": "System", "en": "System"},
    "safety_alert": {
        "cy": "Gall neges ddiweddaraf y person ddangos risg. Mae'r rhifau argyfwng wedi'u "
        "dangos iddyn nhw. /flag <nodyn> i godi pryder diogelu.",
        "en": "The person's latest message may show risk. They have been shown the crisis "
        "numbers. /flag <note> raises a safeguarding concern.",
    },
    "chat_ended": {
        "cy": "Mae sgwrs #{id} wedi dod i ben; mae'r person yn ôl gyda'r cynorthwyydd.",
        "en": "Chat #{id} has ended; the person is back with the assistant.",
    },
    "chat_moved": {
        "cy": "Dydy sgwrs #{id} ddim gyda chi bellach.",
        "en": "Chat #{id} is no longer with you.",
    },
    "handed_back": {
        "cy": "Wedi rhoi sgwrs #{id} yn ôl i'r cynorthwyydd. Diolch.",
        "en": "Chat #{id} handed back to the assistant. Thank you.",
    },
    "flagged": {
        "cy": "Mae'r pryder diogelu am sgwrs #{id} wedi'i gofnodi.",
        "en": "The safeguarding concern about chat #{id} has been recorded.",
    },
    "flag_usage": {
        "cy": "Ysgrifennwch y pryder ar ôl /flag, er enghraifft: /flag sôn am niweidio'i hun",
        "en": "Write the concern after /flag, for example: /flag mentioned self-harm",
    },
    "now_writing_to": {
        "cy": "Rydych chi nawr yn ysgrifennu at sgwrs #{id}.",
        "en": "You are now writing to chat #{id}.",
    },
    "not_your_chat": {
        "cy": "Dydy hon ddim yn un o'ch sgyrsiau agored. Eich sgyrsiau: {ids}",
        "en": "That is not one of your open chats. Your chats: {ids}",
    },
    "not_sent": {
        "cy": "Heb ei anfon: dydy'r sgwrs hon ddim gyda chi bellach.",
        "en": "Not sent: this chat is no longer with you.",
    },
    "no_chat": {
        "cy": "Does gennych chi ddim sgwrs ar agor. Pwyswch Derbyn o dan gais yn y grŵp staff.",
        "en": "You have no open chat. Press Claim under a request in the staff group.",
    },
    "text_only": {
        "cy": "Dim ond negeseuon testun sy'n cael eu hanfon ymlaen.",
        "en": "Only text messages are passed on.",
    },
    "edit_not_sent": {
        "cy": "Dydy newidiadau i neges ddim yn cael eu hanfon ymlaen. Anfonwch neges newydd.",
        "en": "Changes to a message are not passed on. Send a new message instead.",
    },
    "help": {
        "cy": "Ysgrifennwch i ateb y person yn eich sgwrs agored.\n"
        "/to <rhif> dewis sgwrs\n/end [nodyn] rhoi'r sgwrs yn ôl i'r cynorthwyydd\n"
        "/flag <nodyn> codi pryder diogelu",
        "en": "Write to answer the person in your open chat.\n"
        "/to <number> choose a chat\n/end [note] hand the chat back to the assistant\n"
        "/flag <note> raise a safeguarding concern",
    },
}

SENDER_LABELS = {
    "user": "from_user",
    "bot": "from_bot",
    "peer": "from_peer",
    "system": "from_system",
}


def say(key: str, **values: object) -> str:
    """One message in both languages: the Welsh line, then the English line."""
    entry = TEXT[key]
    return f"{entry['cy'].format(**values)}\n{entry['en'].format(**values)}"


def label(key: str) -> str:
    """A short label in both languages on one line ("Person" is the same word in both)."""
    entry = TEXT[key]
    return entry["cy"] if entry["cy"] == entry["en"] else f"{entry['cy']} / {entry['en']}"


def claim_markup(request_id: int) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(
        label("claim_button"), callback_data=f"{CLAIM_PREFIX}{request_id}"
    )
    return InlineKeyboardMarkup([[button]])


@dataclass(frozen=True)
class Supporter:
    """What the relay needs of a linked StaffAccount, read once per update."""

    id: int
    telegram_user_id: int
    display_name: str
    languages: tuple[str, ...]


@dataclass
class RelayedChat:
    """A claimed conversation relayed to its supporter's private chat."""

    conversation_id: str
    request_id: int
    supporter_id: int
    telegram_chat_id: int
    # The last message the supporter has been sent: live events and catch-up skip up to it.
    last_seq: int = 0
    # Set while the supporter's own /end runs, so they are not told twice that it ended.
    closing: bool = False
    # Keeps the history and live messages in order while the history is being sent.
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


@dataclass
class GroupPost:
    message_id: int
    text: str
    urgent: bool


class _LinkedSupporter(filters.MessageFilter):
    """Messages from a Telegram user linked to an active peer supporter account."""

    def __init__(self, relay: SupporterRelay) -> None:
        super().__init__(name="linked_supporter")
        self._relay = relay

    def filter(self, message: Message) -> bool:
        user = message.from_user
        return user is not None and self._relay._supporter(user.id) is not None


class SupporterRelay:
    """Runs python-telegram-bot inside the web process (the EventHub is in-process)."""

    allowed_updates: tuple[str, ...] = (Update.MESSAGE, Update.CALLBACK_QUERY)
    catch_all = False

    def __init__(
        self,
        settings: Settings,
        desk: PeerDesk,
        sessions: Callable[[], Session],
        *,
        poll_timeout: float = 30,
        retry_seconds: float = 30,
        resync_seconds: float = 30,
    ) -> None:
        if not settings.telegram_bot_token or settings.telegram_staff_chat_id is None:
            raise ValueError("the Telegram relay needs a bot token and a staff chat id")
        self._settings = settings
        self._staff_chat_id = settings.telegram_staff_chat_id
        self._desk = desk
        self._sessions = sessions
        self._poll_timeout = poll_timeout
        self._retry_seconds = retry_seconds
        self._resync_seconds = resync_seconds
        # Request id -> its post in the staff group, while the request is waiting. Forgotten
        # once it stops waiting, so a request put back in the queue is posted again.
        self._posted: dict[int, GroupPost] = {}
        self._chats: dict[str, RelayedChat] = {}
        # Supporter id -> the request their messages go to (set by Claim and /to).
        self._current: dict[int, int] = {}
        # Claims in progress: the claim handler sends the history, not the resync.
        self._claiming: set[int] = set()
        self._queue: asyncio.Queue[dict[str, Any]] | None = None
        self._service: TelegramService | None = None
        self._connected_once = False
        self.connected = asyncio.Event()

    @property
    def hub(self) -> EventHub:
        return self._desk.hub

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Run on its own Application (no people channel): for tests and supporters-only bots."""
        if self._service is not None:
            return
        self._service = TelegramService(
            self._settings,
            [self],
            poll_timeout=self._poll_timeout,
            retry_seconds=self._retry_seconds,
        )
        await self._service.start()

    async def stop(self) -> None:
        service, self._service = self._service, None
        if service is not None:
            await service.stop()

    def register(self, application: TelegramApplication, *, shared: bool, webhook: bool) -> None:
        """The Claim button, and supporters' private chats (only theirs when shared)."""
        private: filters.BaseFilter = filters.ChatType.PRIVATE
        if shared:
            private = private & _LinkedSupporter(self)
        new = private & filters.UpdateType.MESSAGE
        application.add_handler(CallbackQueryHandler(self._on_claim, pattern=CLAIM_PATTERN))
        application.add_handler(CommandHandler(["start", "help"], self._on_help, filters=new))
        application.add_handler(CommandHandler("end", self._on_end, filters=new))
        application.add_handler(CommandHandler("flag", self._on_flag, filters=new))
        application.add_handler(CommandHandler("to", self._on_to, filters=new))
        application.add_handler(MessageHandler(new & filters.COMMAND, self._on_help))
        application.add_handler(MessageHandler(new & filters.TEXT, self._on_text))
        application.add_handler(
            MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, self._on_edited)
        )
        application.add_handler(MessageHandler(new, self._on_other))

    async def run(self, bot: Bot) -> None:
        """While connected: catch up, then follow the queue and the claimed chats."""
        async with self.hub.subscribe(INBOX) as queue:
            self._queue = queue
            try:
                # Guarded like any event: a bad staff chat id is logged, not retried forever.
                await self._guarded(self._resume(bot))
                self._connected_once = True
                self.connected.set()
                while True:
                    try:
                        event = await asyncio.wait_for(queue.get(), self._resync_seconds)
                    except asyncio.TimeoutError:
                        # Catches what no event announces, e.g. a web transfer to a
                        # colleague who uses Telegram.
                        await self._guarded(self._sync(bot, initial=False))
                        continue
                    await self._guarded(self._on_event(bot, event))
            finally:
                self.connected.clear()
                self._queue = None

    async def _guarded(self, step: Awaitable[None]) -> None:
        """One event's work; only a network failure ends the connection (to catch up later)."""
        try:
            await step
        except TelegramError as exc:
            if transient(exc):
                raise
            log.warning("telegram relay could not deliver (%s)", type(exc).__name__)
        except SQLAlchemyError as exc:
            log.warning("telegram relay could not read the database (%s)", type(exc).__name__)

    async def _resume(self, bot: Bot) -> None:
        """Re-follow chats after a reconnect, send what was missed, then sync with the DB."""
        assert self._queue is not None
        for chat in list(self._chats.values()):
            self.hub.attach(self._queue, chat_channel(chat.conversation_id))
            await self._catch_up(bot, chat)
        # At process start the chats are re-followed silently: the supporter has the history.
        await self._sync(bot, initial=not self._connected_once)

    # -- hub events --------------------------------------------------------------------------

    async def _on_event(self, bot: Bot, event: dict[str, Any]) -> None:
        channel = str(event.get("channel", ""))
        kind = event.get("type")
        if channel == INBOX:
            if kind == "queue_changed":
                await self._sync(bot, initial=False)
            return
        chat = self._chats.get(channel.removeprefix("conversation:"))
        if chat is None:
            return
        if kind == "message" and event.get("from") == "user":
            await self._forward(bot, chat, event)
        elif kind == "safety_alert":
            text = f"⚠️ Rhybudd diogelwch / Safety alert (#{chat.request_id})\n" + say(
                "safety_alert"
            )
            await self._send(bot, chat.telegram_chat_id, text)
        elif kind == "ended" and event.get("request_id") == chat.request_id:
            await self._release(bot, chat)
        # Everything else (the supporter's own "peer" messages, typing, delivery receipts,
        # system notices) is either theirs already or not needed in a text chat.

    async def _forward(self, bot: Bot, chat: RelayedChat, event: dict[str, Any]) -> None:
        seq = int(event.get("seq") or 0)
        if not self._still_theirs(chat):
            await self._release(bot, chat)
            return
        async with chat.lock:
            if seq and seq <= chat.last_seq:
                return
            text = str(event.get("text") or "")
            if text:
                await self._send(bot, chat.telegram_chat_id, f"{self._person(chat)}\n{text}")
            chat.last_seq = max(chat.last_seq, seq)

    async def _catch_up(self, bot: Bot, chat: RelayedChat) -> None:
        """The person's messages stored while Telegram was unreachable."""
        with self._sessions() as session:
            missed = [
                (m.seq, m.text or "")
                for m in session.scalars(
                    select(StoredMessage)
                    .where(
                        StoredMessage.conversation_id == chat.conversation_id,
                        StoredMessage.sender == "user",
                        StoredMessage.seq > chat.last_seq,
                    )
                    .order_by(StoredMessage.seq)
                )
            ]
        async with chat.lock:
            for seq, text in missed:
                if text:
                    await self._send(bot, chat.telegram_chat_id, f"{self._person(chat)}\n{text}")
                chat.last_seq = max(chat.last_seq, seq)

    @staticmethod
    def _person(chat: RelayedChat) -> str:
        return f"{label('from_user')} (#{chat.request_id}):"

    # -- keeping the group and the followed chats in step with the database ------------------

    async def _sync(self, bot: Bot, *, initial: bool) -> None:
        await self._sync_chats(bot, initial=initial)
        await self._sync_posts(bot)

    async def _sync_chats(self, bot: Bot, *, initial: bool) -> None:
        """Follow every active chat of a linked supporter; let go of the rest."""
        with self._sessions() as session:
            rows = session.execute(
                select(
                    HandoffRequest.conversation_id,
                    HandoffRequest.id,
                    StaffAccount.id,
                    StaffAccount.telegram_user_id,
                )
                .join(StaffAccount, StaffAccount.id == HandoffRequest.supporter_id)
                .where(
                    HandoffRequest.status == "active",
                    StaffAccount.telegram_user_id.is_not(None),
                )
            ).all()
        wanted = {cid: (rid, sid, int(tg)) for cid, rid, sid, tg in rows if tg is not None}
        for chat in list(self._chats.values()):
            still = wanted.get(chat.conversation_id)
            if still is None or still[:2] != (chat.request_id, chat.supporter_id):
                await self._release(bot, chat)
        for cid, (rid, sid, tg) in wanted.items():
            if cid in self._chats or rid in self._claiming:
                continue
            chat = self._follow(cid, rid, sid, tg)
            async with chat.lock:
                if initial:
                    chat.last_seq = self._last_seq(cid)
                else:
                    # Assigned elsewhere (the web inbox, a transfer): give them the history.
                    await self._send_history(bot, chat)

    async def _sync_posts(self, bot: Bot) -> None:
        """Post each newly waiting request once; close the posts of those no longer waiting."""
        now = self._desk.now()
        with self._sessions() as session:
            waiting = {
                r.id: (r.urgent, self._post_text(r, now))
                for r in session.scalars(
                    select(HandoffRequest)
                    .where(HandoffRequest.status == "waiting")
                    .order_by(
                        HandoffRequest.urgent.desc(), HandoffRequest.queued_at, HandoffRequest.id
                    )
                )
            }
            closed: dict[int, str] = {}
            for request_id in set(self._posted) - set(waiting):
                request = session.get(HandoffRequest, request_id)
                supporter = (
                    session.get(StaffAccount, request.supporter_id)
                    if request is not None and request.status == "active" and request.supporter_id
                    else None
                )
                closed[request_id] = (
                    say("post_claimed", name=supporter.display_name)
                    if supporter is not None
                    else say("post_closed")
                )
        for request_id, (urgent, text) in waiting.items():
            post = self._posted.get(request_id)
            if post is None:
                sent = await bot.send_message(
                    chat_id=self._staff_chat_id, text=text, reply_markup=claim_markup(request_id)
                )
                self._posted[request_id] = GroupPost(sent.message_id, text, urgent)
            elif urgent and not post.urgent:
                # Risk showed while waiting: the post says so, and keeps its Claim button.
                post.text, post.urgent = text, True
                await bot.edit_message_text(
                    chat_id=self._staff_chat_id,
                    message_id=post.message_id,
                    text=text,
                    reply_markup=claim_markup(request_id),
                )
        for request_id, status in closed.items():
            post = self._posted.pop(request_id)
            # No reply_markup: editing without one removes the Claim button.
            await bot.edit_message_text(
                chat_id=self._staff_chat_id,
                message_id=post.message_id,
                text=f"{post.text}\n\n{status}",
            )

    @staticmethod
    def _post_text(request: HandoffRequest, now: datetime) -> str:
        language = TEXT["language_en" if request.language == "en" else "language_cy"]
        english_ok = TEXT["english_ok"]
        lines: list[str] = []
        if request.urgent:
            lines.append(say("urgent"))
        for lang in ("cy", "en"):
            described = language[lang]
            if request.accepts_english and request.language != "en":
                described += f" ({english_ok[lang]})"
            lines.append(TEXT["new_request"][lang].format(id=request.id, language=described))
        if request.topic_summary:
            lines.append(say("topics", topics=request.topic_summary))
        queued = as_utc(request.queued_at).astimezone(WALES)
        stamp = queued.strftime("%H:%M")
        if queued.date() != now.astimezone(WALES).date():
            stamp = queued.strftime("%d/%m %H:%M")
        lines.append(say("waiting_since", time=stamp))
        return "\n".join(lines)

    # -- following one chat ------------------------------------------------------------------

    def _follow(
        self, conversation_id: str, request_id: int, supporter_id: int, tg: int
    ) -> RelayedChat:
        chat = RelayedChat(conversation_id, request_id, supporter_id, tg)
        self._chats[conversation_id] = chat
        if self._queue is not None:
            self.hub.attach(self._queue, chat_channel(conversation_id))
        return chat

    async def _release(self, bot: Bot, chat: RelayedChat) -> None:
        """Stop relaying a chat, and tell the supporter why unless they ended it themselves."""
        if self._chats.get(chat.conversation_id) is chat:
            del self._chats[chat.conversation_id]
            if self._queue is not None:
                self.hub.detach(self._queue, chat_channel(chat.conversation_id))
        if self._current.get(chat.supporter_id) == chat.request_id:
            del self._current[chat.supporter_id]
        if chat.closing:
            return
        with self._sessions() as session:
            request = session.get(HandoffRequest, chat.request_id)
            ended = request is None or request.status in ENDED_STATUSES
        key = "chat_ended" if ended else "chat_moved"
        await self._send(bot, chat.telegram_chat_id, say(key, id=chat.request_id))

    def _still_theirs(self, chat: RelayedChat) -> bool:
        with self._sessions() as session:
            request = session.get(HandoffRequest, chat.request_id)
            return (
                request is not None
                and request.status == "active"
                and request.supporter_id == chat.supporter_id
            )

    def _last_seq(self, conversation_id: str) -> int:
        with self._sessions() as session:
            seqs = session.scalars(
                select(StoredMessage.seq)
                .where(StoredMessage.conversation_id == conversation_id)
                .order_by(StoredMessage.seq.desc())
                .limit(1)
            ).all()
        return int(seqs[0]) if seqs else 0

    async def _send_history(self, bot: Bot, chat: RelayedChat) -> None:
        """All of the conversation so far, labelled by who said it (call with chat.lock held)."""
        with self._sessions() as session:
            request = session.get(HandoffRequest, chat.request_id)
            language = request.language if request is not None else "cy"
            urgent = request is not None and request.urgent
            lines: list[str] = []
            for message in session.scalars(
                select(StoredMessage)
                .where(StoredMessage.conversation_id == chat.conversation_id)
                .order_by(StoredMessage.seq)
            ):
                chat.last_seq = max(chat.last_seq, message.seq)
                if message.text:
                    who = label(SENDER_LABELS.get(message.sender, "from_system"))
                    lines.append(f"{who}: {message.text}")
        names = TEXT["language_en" if language == "en" else "language_cy"]
        header = [say("urgent")] if urgent else []
        header.append(
            "\n".join(
                TEXT["history_header"][lang].format(id=chat.request_id, language=names[lang])
                for lang in ("cy", "en")
            )
        )
        text = "\n\n".join([*header, "\n".join(lines), say("how_to_reply")])
        await self._send(bot, chat.telegram_chat_id, text)

    @staticmethod
    async def _send(bot: Bot, chat_id: int, text: str) -> None:
        for part in chunks(text):
            await bot.send_message(chat_id=chat_id, text=part)

    # -- Telegram handlers -------------------------------------------------------------------

    async def _on_claim(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A Claim button under a request in the staff group."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None:
            return
        match = CLAIM_PATTERN.match(query.data or "")
        if match is None:
            await query.answer()
            return
        request_id = int(match.group(1))
        supporter = self._supporter(user.id)
        if supporter is None:
            await query.answer(say("not_linked"), show_alert=True)
            return
        if not self._can_serve(supporter, request_id):
            await query.answer(say("wrong_language"), show_alert=True)
            return
        self._claiming.add(request_id)
        try:
            result = await self._desk.claim(supporter.id, request_id)
            if not result.won or result.conversation_id is None:
                await query.answer(say("claimed_by_other"), show_alert=True)
                return
            await query.answer(say("claimed_by_you"))
            chat = self._follow(
                result.conversation_id, request_id, supporter.id, supporter.telegram_user_id
            )
            self._current[supporter.id] = request_id
            async with chat.lock:
                await self._send_history(context.bot, chat)
        finally:
            self._claiming.discard(request_id)

    async def _on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A supporter's private message: it goes to the person in their current chat."""
        linked = await self._linked(update)
        if linked is None:
            return
        message, supporter = linked
        request_id = await self._current_or_say(message, supporter)
        if request_id is None:
            return
        if await self._desk.send(supporter.id, request_id, message.text or "") is None:
            await message.reply_text(say("not_sent"))

    async def _on_end(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/end [note]: hand the current chat back to the assistant."""
        linked = await self._linked(update)
        if linked is None:
            return
        message, supporter = linked
        request_id = await self._current_or_say(message, supporter)
        if request_id is None:
            return
        chat = next((c for c in self._chats.values() if c.request_id == request_id), None)
        if chat is not None:
            chat.closing = True
        note = _argument(message)
        if await self._desk.end(supporter.id, request_id, note or None):
            await message.reply_text(say("handed_back", id=request_id))
        else:
            if chat is not None:
                chat.closing = False
            await message.reply_text(say("not_sent"))

    async def _on_flag(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/flag <note>: raise a safeguarding concern about the current chat."""
        linked = await self._linked(update)
        if linked is None:
            return
        message, supporter = linked
        note = _argument(message)
        if not note:
            await message.reply_text(say("flag_usage"))
            return
        request_id = await self._current_or_say(message, supporter)
        if request_id is None:
            return
        if await self._desk.flag_concern(supporter.id, request_id, note):
            await message.reply_text(say("flagged", id=request_id))
        else:
            await message.reply_text(say("not_sent"))

    async def _on_to(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/to <number>: choose which open chat the next messages go to."""
        linked = await self._linked(update)
        if linked is None:
            return
        message, supporter = linked
        mine = self._active_requests(supporter.id)
        wanted = _argument(message).lstrip("#")
        if wanted.isdigit() and int(wanted) in mine:
            self._current[supporter.id] = int(wanted)
            await message.reply_text(say("now_writing_to", id=int(wanted)))
            return
        listed = ", ".join(f"#{i}" for i in mine) or "-"
        await message.reply_text(say("not_your_chat", ids=listed))

    async def _on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start, /help and any unknown command: what the bot can do."""
        message, supporter = self._private(update)
        if message is not None:
            await message.reply_text(say("help" if supporter is not None else "not_linked"))

    async def _on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Photos, stickers and the like: the web chat shows text only."""
        message, _supporter = self._private(update)
        if message is not None:
            await message.reply_text(say("text_only"))

    async def _on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An edited message: the person already has the first version, so say so."""
        message, supporter = self._private(update)
        if message is not None and supporter is not None:
            await context.bot.send_message(chat_id=message.chat_id, text=say("edit_not_sent"))

    # -- lookups -----------------------------------------------------------------------------

    async def _linked(self, update: Update) -> tuple[Message, Supporter] | None:
        """The private message and its linked supporter; tells anyone else they are not linked."""
        message, supporter = self._private(update)
        if message is None:
            return None
        if supporter is None:
            await message.reply_text(say("not_linked"))
            return None
        return message, supporter

    async def _current_or_say(self, message: Message, supporter: Supporter) -> int | None:
        """The chat this supporter is in now; says so when they have none."""
        request_id = self._current_request(supporter.id)
        if request_id is None:
            await message.reply_text(say("no_chat"))
        return request_id

    def _private(self, update: Update) -> tuple[Message | None, Supporter | None]:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return None, None
        return message, self._supporter(user.id)

    def _supporter(self, telegram_user_id: int) -> Supporter | None:
        """The active peer supporter linked to this Telegram user, if any."""
        with self._sessions() as session:
            account = session.scalar(
                select(StaffAccount).where(StaffAccount.telegram_user_id == telegram_user_id)
            )
            if account is None or not account.active or PEER_ROLE not in (account.roles or []):
                return None
            return Supporter(
                account.id,
                telegram_user_id,
                account.display_name,
                tuple(account.languages or []),
            )

    def _can_serve(self, supporter: Supporter, request_id: int) -> bool:
        with self._sessions() as session:
            request = session.get(HandoffRequest, request_id)
            account = session.get(StaffAccount, supporter.id)
            # A request that has gone is answered by the claim itself ("someone else").
            return request is None or account is None or handoff.can_serve(account, request)

    def _active_requests(self, supporter_id: int) -> list[int]:
        """Their open chats, the most recently claimed first."""
        with self._sessions() as session:
            requests = handoff.active_with(session, supporter_id)
            requests.sort(
                key=lambda r: (as_utc(r.claimed_at).timestamp() if r.claimed_at else 0.0, r.id),
                reverse=True,
            )
            return [r.id for r in requests]

    def _current_request(self, supporter_id: int) -> int | None:
        mine = self._active_requests(supporter_id)
        chosen = self._current.get(supporter_id)
        if chosen in mine:
            return chosen
        return mine[0] if mine else None


def _argument(message: Message) -> str:
    """What follows the command (newlines kept, unlike context.args)."""
    return (message.text or "").partition(" ")[2].strip()
