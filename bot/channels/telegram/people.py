"""People on Telegram: a private chat with the bot is one Cymar conversation.

Telegram is only a channel. Every message and button goes through the one router (safety
screen, language, storage, Rasa, the handoff), exactly as the web does; this module maps a
chat to its conversation, and sends the person what the conversation has stored for them.

Delivery works from the database, not from what a call returned: the chat row remembers the
last seq it was sent, and every trigger (a reply, a supporter's message, a reconnect) sends
what is stored after it, in order. So replies and a supporter's messages that race each
other keep their order, a message stored while Telegram was unreachable goes out when it is
back, and a re-delivered update (same message id, so the router replays it) adds nothing.

Text is sent as plain text, never Markdown or HTML: what staff, supporters and the
directory wrote is shown exactly as written, and nothing in it can be read as formatting.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, aliased
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.channels.telegram.common import (
    MAX_CALLBACK_BYTES,
    TelegramApplication,
    chunks,
    transient,
)
from bot.channels.telegram.service import redelivery_helps
from bot.content.catalogue import ResponseCatalogue
from bot.content.model import Button, ChatMessage, Lang, as_lang
from bot.conversations import errors
from bot.conversations.events import EventHub
from bot.conversations.messages import as_chat
from bot.conversations.peer_relay import PeerDesk, person_channel
from bot.conversations.router import PEER_STATES, ConversationRouter, Turn
from bot.privacy.erasure import forget_conversation
from bot.safety import assess
from bot.settings import Settings
from bot.store.models import (
    Conversation,
    Message,
    StaffAccount,
    TelegramButton,
    TelegramChat,
)

log = logging.getLogger(__name__)

CHANNEL = "telegram"
# The commands people see, in the order Telegram's menu shows them.
COMMANDS = ("start", "cymraeg", "english", "help", "human", "forget")
CHOOSE_WELSH = '/choose_language{"language": "cy"}'
CHOOSE_ENGLISH = '/choose_language{"language": "en"}'
TALK_TO_PERSON = "/talk_to_person"
CANCEL_HANDOFF = "/cancel_handoff"
# Callback data: a payload as it is ("/..."), or a stored long one by its hash ("h:...").
HASHED_PREFIX = "h:"
# The /forget buttons name the conversation, so an old "yes" cannot erase a newer one.
FORGET_PATTERN = re.compile(r"^forget:(yes|no):([0-9a-f]{1,32})$")
# Telegram shows "typing…" for five seconds; renew it a little sooner while we wait.
TYPING_EVERY_SECONDS = 4.0
# Bounds the memory the flood control keeps for chats that have gone quiet.
MAX_TRACKED_CHATS = 10_000


class RateLimiter:
    """A token bucket per chat: a burst of messages at once, then a steady rate."""

    def __init__(
        self, burst: int, per_minute: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._burst = max(1, burst)
        self._per_second = max(per_minute, 0.001) / 60
        self._clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}

    def allow(self, key: int) -> bool:
        now = self._clock()
        tokens, since = self._buckets.get(key, (float(self._burst), now))
        tokens = min(float(self._burst), tokens + (now - since) * self._per_second)
        allowed = tokens >= 1
        self._buckets[key] = (tokens - 1 if allowed else tokens, now)
        if len(self._buckets) > MAX_TRACKED_CHATS:
            self._prune(now)
        return allowed

    def _prune(self, now: float) -> None:
        """Drop chats whose bucket has refilled: they would start full anyway."""
        for key, (tokens, since) in list(self._buckets.items()):
            if tokens + (now - since) * self._per_second >= self._burst:
                del self._buckets[key]


def card_text(card: dict[str, Any]) -> str:
    """A directory card as lines a phone screen and a screen reader read well."""
    title = str(card.get("title") or "")
    organisation = card.get("organisation")
    lines = [f"{title} ({organisation})" if organisation else title]
    when, place = card.get("when"), card.get("place") or card.get("area")
    lines.append(". ".join(str(x) for x in (when, place) if x))
    details = [card.get("language"), card.get("cost"), card.get("booking")]
    lines.append(". ".join(str(x) for x in details if x))
    if card.get("url"):
        lines.append(str(card["url"]))
    return "\n".join(line for line in lines if line)


def message_texts(message: ChatMessage) -> list[str]:
    """One stored message as Telegram messages: its text, then any card it does not already
    describe (directory answers list their results in the text; the link is added)."""
    text = message.text.strip()
    extra: list[str] = []
    for card in message.cards:
        title, url = str(card.get("title") or ""), card.get("url")
        if title and title in text:
            if url and str(url) not in text:
                text += f"\n{title}: {url}"
        else:
            extra.append(card_text(card))
    parts = [*chunks(text)] if text else []
    for block in extra:
        parts.extend(chunks(block))
    return [p for p in parts if p.strip()]


class PeopleChannel:
    """The people's side of the bot: commands, buttons, messages, and replies as they come."""

    allowed_updates: tuple[str, ...] = (
        Update.MESSAGE,
        Update.EDITED_MESSAGE,
        Update.CALLBACK_QUERY,
    )
    # Everyone's private chats that the supporter relay does not claim (see service.py).
    catch_all = True

    def __init__(
        self,
        settings: Settings,
        router: ConversationRouter,
        catalogue: ResponseCatalogue,
        desk: PeerDesk,
        sessions: Callable[[], Session],
        *,
        resync_seconds: float = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._router = router
        self._settings = settings
        self._catalogue = catalogue
        self._desk = desk
        self._sessions = sessions
        self._resync_seconds = resync_seconds
        self._limiter = RateLimiter(
            settings.telegram_rate_limit_burst, settings.telegram_rate_limit_per_minute, clock
        )
        # Chats told they are being held back; told again only after a message gets through.
        self._warned: set[int] = set()
        # Conversation id -> chat id, for conversations whose person channel we listen to.
        self._followed: dict[str, int] = {}
        self._send_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._known_buttons: set[str] = set()
        # Typing indicators in flight (kept referenced until they finish).
        self._background: set[asyncio.Task[None]] = set()
        self._queue: asyncio.Queue[dict[str, Any]] | None = None
        self._webhook = False
        self.connected = asyncio.Event()

    @property
    def hub(self) -> EventHub:
        return self._desk.hub

    # -- wiring ------------------------------------------------------------------------------

    def register(self, application: TelegramApplication, *, shared: bool, webhook: bool) -> None:
        """People's private chats: commands, buttons, text, and everything else politely."""
        self._webhook = webhook
        private = filters.ChatType.PRIVATE
        new = private & filters.UpdateType.MESSAGE
        commands: dict[
            str, Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]
        ] = {
            "start": self._on_start,
            "cymraeg": self._on_cymraeg,
            "english": self._on_english,
            "help": self._on_help,
            "human": self._on_human,
            "forget": self._on_forget,
        }
        for name, callback in commands.items():
            application.add_handler(CommandHandler(name, callback, filters=new))
        application.add_handler(
            CallbackQueryHandler(self._on_forget_button, pattern=FORGET_PATTERN)
        )
        application.add_handler(CallbackQueryHandler(self._on_button))
        application.add_handler(MessageHandler(new & filters.COMMAND, self._on_unknown_command))
        application.add_handler(MessageHandler(new & filters.TEXT, self._on_text))
        application.add_handler(
            MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, self._on_edited)
        )
        application.add_handler(MessageHandler(new, self._on_other))
        application.add_error_handler(self._on_error)

    async def run(self, bot: Bot) -> None:
        """While connected: register the commands, catch up, then send what arrives."""
        await self._guarded(self._set_commands(bot))
        async with self.hub.subscribe() as queue:
            self._queue = queue
            try:
                await self._guarded(self._resync(bot))
                self.connected.set()
                while True:
                    try:
                        event = await asyncio.wait_for(queue.get(), self._resync_seconds)
                    except asyncio.TimeoutError:
                        await self._guarded(self._resync(bot))
                        continue
                    await self._guarded(self._on_event(bot, event))
            finally:
                self.connected.clear()
                self._queue = None
                self._followed.clear()

    async def _guarded(self, step: Awaitable[None]) -> None:
        """One step's work; only a network failure ends the connection (to catch up later)."""
        try:
            await step
        except TelegramError as exc:
            if transient(exc):
                raise
            log.warning("telegram could not deliver to a person (%s)", type(exc).__name__)
        except SQLAlchemyError as exc:
            log.warning("telegram could not read the database (%s)", type(exc).__name__)

    async def _set_commands(self, bot: Bot) -> None:
        """The command menu in Welsh, in English, and both for any other app language."""
        described: dict[Lang, list[str]] = {
            lang: [
                self._catalogue.render(f"utter_telegram_command_{name}", lang).text
                for name in COMMANDS
            ]
            for lang in ("cy", "en")
        }
        scope = BotCommandScopeAllPrivateChats()
        for lang in ("cy", "en"):
            commands = [
                BotCommand(name, text[:256])
                for name, text in zip(COMMANDS, described[lang], strict=True)
            ]
            await bot.set_my_commands(commands, scope=scope, language_code=lang)
        both = [
            BotCommand(name, f"{cy} / {en}"[:256])
            for name, cy, en in zip(COMMANDS, described["cy"], described["en"], strict=True)
        ]
        await bot.set_my_commands(both, scope=scope)

    # -- commands ----------------------------------------------------------------------------

    async def _on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start: the bilingual welcome with Cymraeg / English buttons."""
        chat_id = _private_chat(update)
        if chat_id is None or not await self._admit(context.bot, chat_id):
            return
        conversation_id, created = self._conversation(chat_id, create=True)
        assert conversation_id is not None
        if created:
            await self._flush(context.bot, chat_id)  # the stored welcome
            return
        # An existing conversation keeps going; the welcome is shown again, not stored.
        await self._send_messages(
            context.bot, chat_id, self._catalogue.render_for("utter_welcome", None)
        )

    async def _on_cymraeg(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/cymraeg: use Welsh from now on."""
        await self._command_payload(update, context, CHOOSE_WELSH)

    async def _on_english(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/english: use English from now on."""
        await self._command_payload(update, context, CHOOSE_ENGLISH)

    async def _on_human(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/human: ask for a peer supporter, as the web's "Talk to a person" does."""
        await self._command_payload(update, context, TALK_TO_PERSON)

    async def _on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/help: the commands, in the conversation's language (both while unknown)."""
        chat_id = _private_chat(update)
        if chat_id is None or not await self._admit(context.bot, chat_id):
            return
        await self._send_rendered(context.bot, chat_id, "utter_telegram_help")

    async def _on_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command we do not have: say so (never pass "/x" on, Rasa reads it as an intent)."""
        chat_id = _private_chat(update)
        if chat_id is None or not await self._admit(context.bot, chat_id):
            return
        await self._send_rendered(context.bot, chat_id, "utter_telegram_unknown_command")

    async def _on_forget(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/forget: explain what would be erased and ask to confirm."""
        chat_id = _private_chat(update)
        if chat_id is None or not await self._admit(context.bot, chat_id):
            return
        conversation_id, _ = self._conversation(chat_id, create=False)
        if conversation_id is None:
            await self._send_rendered(context.bot, chat_id, "utter_telegram_forget_nothing")
            return
        language = self._language(conversation_id)
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        self._title("utter_telegram_forget_yes", language),
                        callback_data=f"forget:yes:{conversation_id}",
                    )
                ],
                [
                    InlineKeyboardButton(
                        self._title("utter_telegram_forget_no", language),
                        callback_data=f"forget:no:{conversation_id}",
                    )
                ],
            ]
        )
        texts = [
            m.text for m in self._catalogue.render_for("utter_telegram_forget_confirm", language)
        ]
        await self._send_texts(context.bot, chat_id, texts, keyboard)

    async def _on_forget_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Yes or No under the /forget question."""
        query, chat_id = update.callback_query, _private_chat(update)
        if query is None:
            return
        await _answer(query)
        match = FORGET_PATTERN.match(query.data or "")
        if chat_id is None or match is None:
            return
        action, named = match.groups()
        # The question has been answered: its buttons go, so it cannot be answered twice.
        with contextlib.suppress(TelegramError):
            await query.edit_message_reply_markup(reply_markup=None)
        conversation_id, _ = self._conversation(chat_id, create=False)
        if conversation_id is None or conversation_id != named:
            await self._send_rendered(
                context.bot, chat_id, "utter_telegram_forget_expired", conversation_id
            )
            return
        if action == "no":
            await self._send_rendered(
                context.bot, chat_id, "utter_telegram_forget_kept", conversation_id
            )
            return
        language = self._language(conversation_id)
        await self._erase(chat_id, conversation_id)
        await self._send_messages(
            context.bot,
            chat_id,
            self._catalogue.render_for("utter_telegram_forget_done", language),
        )

    # -- messages and buttons ----------------------------------------------------------------

    async def _on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A person's message: through the router, like any channel's."""
        message, chat_id = update.effective_message, _private_chat(update)
        if message is None or chat_id is None or message.text is None:
            return
        if message.text.lstrip().startswith("/"):
            # Not a command Telegram recognised, but Rasa would still read it as an intent.
            await self._on_unknown_command(update, context)
            return
        if not await self._admit(context.bot, chat_id, message.text):
            return
        await self._converse(
            context.bot, chat_id, text=message.text, client_message_id=f"tg:{message.message_id}"
        )

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An inline button: its callback data is the payload (or stands for a long one)."""
        query, chat_id = update.callback_query, _private_chat(update)
        if query is None:
            return
        if chat_id is None:
            await _answer(query)
            return
        if not self._limiter.allow(chat_id):
            # A button answer is shown as a small notice; keep it to Telegram's 200 chars.
            conversation_id, _ = self._conversation(chat_id, create=False)
            notice = " / ".join(
                m.text
                for m in self._catalogue.render_for(
                    "utter_error_rate_limited", self._language(conversation_id)
                )
            )
            await _answer(query, notice[:200])
            return
        self._warned.discard(chat_id)
        await _answer(query)
        payload = self._payload_for(query.data or "")
        if payload is None:
            conversation_id, _ = self._conversation(chat_id, create=False)
            await self._send_error(
                context.bot, chat_id, errors.UnknownPayload(self._language(conversation_id))
            )
            return
        await self._converse(
            context.bot, chat_id, payload=payload, client_message_id=f"tgcb:{query.id}"
        )

    async def _on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An edited message: the first version was already answered, so say so."""
        chat_id = _private_chat(update)
        if chat_id is None or not await self._admit(context.bot, chat_id):
            return
        await self._send_rendered(context.bot, chat_id, "utter_telegram_edited")

    async def _on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice notes and the like: we read text only (and any caption)."""
        message, chat_id = update.effective_message, _private_chat(update)
        if message is None or chat_id is None:
            return
        caption = message.caption
        if not await self._admit(context.bot, chat_id, caption):
            return
        await self._send_rendered(context.bot, chat_id, "utter_error_unsupported_content")
        if caption:
            # A caption is words the person wrote: it gets the safety screen like any text.
            await self._converse(
                context.bot, chat_id, text=caption, client_message_id=f"tg:{message.message_id}"
            )

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Tell the person something went wrong, unless Telegram will simply try again."""
        if self._webhook and redelivery_helps(context.error):
            return
        if not isinstance(update, Update):
            return
        chat_id = _private_chat(update)
        if chat_id is None or self._is_supporter(update):
            return
        with contextlib.suppress(Exception):  # the failure may be Telegram or the database
            conversation_id, _ = self._conversation(chat_id, create=False)
            await self._send_rendered(
                context.bot, chat_id, "utter_error_invalid_request", conversation_id
            )

    async def _command_payload(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, payload: str
    ) -> None:
        message, chat_id = update.effective_message, _private_chat(update)
        if message is None or chat_id is None or not await self._admit(context.bot, chat_id):
            return
        await self._converse(
            context.bot, chat_id, payload=payload, client_message_id=f"tg:{message.message_id}"
        )

    async def _admit(self, bot: Bot, chat_id: int, text: str | None = None) -> bool:
        """Flood control: over the limit, say so once, politely, in the person's language.

        A message that shows risk is never held back: the router must see it and answer
        with the crisis numbers, however fast it came.
        """
        if self._limiter.allow(chat_id):
            self._warned.discard(chat_id)
            return True
        if text and assess(text).at_risk:
            return True
        if chat_id not in self._warned:
            self._warned.add(chat_id)
            conversation_id, _ = self._conversation(chat_id, create=False)
            await self._send_rendered(bot, chat_id, "utter_error_rate_limited", conversation_id)
        return False

    async def _converse(
        self,
        bot: Bot,
        chat_id: int,
        *,
        text: str | None = None,
        payload: str | None = None,
        client_message_id: str | None = None,
    ) -> None:
        """One turn: the router stores and answers; then the chat is sent what is new."""
        failure: errors.ConversationError | None = None
        async with self._typing(bot, chat_id):
            conversation_id, created = self._conversation(chat_id, create=True)
            assert conversation_id is not None
            if created:
                await self._flush(bot, chat_id)  # the welcome first, as on the web
            try:
                turn = await self._turn(chat_id, conversation_id, text, payload, client_message_id)
            except errors.ConversationError as exc:
                failure = exc
        if failure is not None:
            await self._send_error(bot, chat_id, failure)
            return
        self._track(turn.conversation_id, chat_id, turn.state)
        await self._flush(bot, chat_id)

    async def _turn(
        self,
        chat_id: int,
        conversation_id: str,
        text: str | None,
        payload: str | None,
        client_message_id: str | None,
    ) -> Turn:
        try:
            return await self._router.handle(conversation_id, text, payload, client_message_id)
        except (errors.ConversationClosed, errors.ConversationNotFound):
            # The old conversation was closed (or expired): this chat starts a new one.
            fresh = self._start_conversation(chat_id, replace=True)
            return await self._router.handle(fresh, text, payload, client_message_id)

    @asynccontextmanager
    async def _typing(self, bot: Bot, chat_id: int) -> AsyncIterator[None]:
        """Show "typing…" while the router (and Rasa) work on an answer."""

        stop = asyncio.Event()

        async def keep_typing() -> None:
            while not stop.is_set():
                try:
                    await bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)
                except TelegramError as exc:
                    log.debug("typing action failed (%s)", type(exc).__name__)
                    return
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(stop.wait(), TYPING_EVERY_SECONDS)

        # Stopped by the event, not by cancelling: a cancel that lands inside an HTTP
        # request can be swallowed on the way down, and waiting for it would hang the chat.
        task = asyncio.create_task(keep_typing())
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        try:
            yield
        finally:
            stop.set()

    # -- the chat's conversation -------------------------------------------------------------

    def _conversation(self, chat_id: int, *, create: bool) -> tuple[str | None, bool]:
        """The chat's current conversation id, and whether it was just created."""
        with self._sessions() as session:
            row = session.get(TelegramChat, chat_id)
            if row is not None:
                return row.conversation_id, False
        if not create:
            return None, False
        return self._start_conversation(chat_id, replace=False), True

    def _start_conversation(self, chat_id: int, *, replace: bool) -> str:
        """A new conversation for the chat (replacing a closed one when `replace`)."""
        fresh = self._router.start(channel=CHANNEL, language=None).conversation_id
        try:
            with self._sessions() as session, session.begin():
                row = session.get(TelegramChat, chat_id)
                if row is None:
                    session.add(TelegramChat(chat_id=chat_id, conversation_id=fresh))
                elif replace:
                    row.conversation_id, row.last_sent_seq = fresh, 0
                else:
                    session.execute(delete(Conversation).where(Conversation.id == fresh))
                    return row.conversation_id
        except IntegrityError:
            # Another update of this chat got there first: use its conversation.
            with self._sessions() as session, session.begin():
                session.execute(delete(Conversation).where(Conversation.id == fresh))
                row = session.get(TelegramChat, chat_id)
                if row is None:
                    raise
                return row.conversation_id
        log.info("telegram conversation started", extra={"conversation_id": fresh})
        return fresh

    def _language(self, conversation_id: str | None) -> Lang | None:
        if conversation_id is None:
            return None
        with self._sessions() as session:
            conversation = session.get(Conversation, conversation_id)
            return as_lang(conversation.language) if conversation else None

    def _is_supporter(self, update: Update) -> bool:
        user = update.effective_user
        if user is None:
            return False
        with self._sessions() as session:
            found = session.scalar(
                select(StaffAccount.id).where(StaffAccount.telegram_user_id == user.id)
            )
            return found is not None

    async def _erase(self, chat_id: int, conversation_id: str) -> None:
        """/forget: the conversation everywhere (bot/privacy/erasure.py), the chat's row too."""
        self._untrack(conversation_id)
        await forget_conversation(self._router, self._sessions, self._settings, conversation_id)
        with self._sessions() as session, session.begin():
            # Gone with the conversation already (ON DELETE CASCADE); this covers a row
            # whose conversation was erased by another process a moment before.
            session.execute(delete(TelegramChat).where(TelegramChat.chat_id == chat_id))
        log.info("telegram conversation forgotten", extra={"conversation_id": conversation_id})

    # -- following a conversation's live events ----------------------------------------------

    def _track(self, conversation_id: str, chat_id: int, state: str) -> None:
        """Listen for a supporter's messages while the person waits for or talks to one."""
        if state in PEER_STATES:
            self._followed[conversation_id] = chat_id
            if self._queue is not None:
                self.hub.attach(self._queue, person_channel(conversation_id))
        else:
            self._untrack(conversation_id)

    def _untrack(self, conversation_id: str) -> None:
        if self._followed.pop(conversation_id, None) is not None and self._queue is not None:
            self.hub.detach(self._queue, person_channel(conversation_id))

    async def _on_event(self, bot: Bot, event: dict[str, Any]) -> None:
        conversation_id = str(event.get("channel", "")).removeprefix("person:")
        chat_id = self._followed.get(conversation_id)
        if chat_id is None:
            return
        kind = event.get("type")
        if kind == "typing":
            await bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)
        elif kind == "message":
            await self._flush(bot, chat_id)
        elif kind == "state":
            await self._flush(bot, chat_id)
            self._track(conversation_id, chat_id, str(event.get("state")))

    async def _resync(self, bot: Bot) -> None:
        """Follow every chat in peer mode and send each chat what it has not been sent.

        Catches what no event announced: messages stored while Telegram was unreachable or
        this process was restarting, and replies whose sending failed part-way.
        """
        unsent = aliased(Message)
        with self._sessions() as session:
            rows = session.execute(
                select(TelegramChat.chat_id, Conversation.id, Conversation.state)
                .join(Conversation, Conversation.id == TelegramChat.conversation_id)
                .where(
                    Conversation.state.in_(PEER_STATES)
                    | exists().where(
                        unsent.conversation_id == TelegramChat.conversation_id,
                        unsent.seq > TelegramChat.last_sent_seq,
                        unsent.sender != "user",
                    )
                )
            ).all()
        wanted = {cid for _chat, cid, state in rows if state in PEER_STATES}
        for conversation_id in [c for c in self._followed if c not in wanted]:
            self._untrack(conversation_id)
        for chat_id, conversation_id, state in rows:
            self._track(conversation_id, chat_id, state)
            await self._flush(bot, chat_id)

    # -- sending -----------------------------------------------------------------------------

    async def _flush(self, bot: Bot, chat_id: int) -> None:
        """Send the chat every stored message after the last one it was sent, in order."""
        lock = self._send_locks.get(chat_id)
        if lock is None:
            lock = self._send_locks[chat_id] = asyncio.Lock()
        async with lock:
            with self._sessions() as session:
                row = session.get(TelegramChat, chat_id)
                if row is None:
                    return
                conversation_id = row.conversation_id
                stored = session.execute(
                    select(Message, StaffAccount.display_name)
                    .outerjoin(StaffAccount, StaffAccount.id == Message.staff_id)
                    .where(
                        Message.conversation_id == conversation_id,
                        Message.seq > row.last_sent_seq,
                        Message.sender != "user",
                    )
                    .order_by(Message.seq)
                ).all()
                pending = [(as_chat(m), name) for m, name in stored]
            last_peer = 0
            for message, supporter_name in pending:
                if message.sender == "peer" and supporter_name:
                    # Every Telegram message comes from the bot: say when a person wrote it.
                    message.text = f"{supporter_name}:\n{message.text}"
                await self._send_messages(bot, chat_id, [message])
                seq = message.seq or 0
                with self._sessions() as session, session.begin():
                    session.execute(
                        update(TelegramChat)
                        .where(
                            TelegramChat.chat_id == chat_id,
                            TelegramChat.conversation_id == conversation_id,
                            TelegramChat.last_sent_seq < seq,
                        )
                        .values(last_sent_seq=seq)
                    )
                if message.sender == "peer":
                    last_peer = seq
        if last_peer:
            # Sent to Telegram is as close to "delivered" as a bot can see.
            await self._desk.mark_seen(conversation_id, last_peer)

    async def _send_rendered(
        self, bot: Bot, chat_id: int, key: str, conversation_id: str | None = None
    ) -> None:
        """A Telegram-only message (not stored), in the language of the chat's conversation."""
        if conversation_id is None:
            conversation_id, _ = self._conversation(chat_id, create=False)
        language = self._language(conversation_id)
        await self._send_messages(bot, chat_id, self._catalogue.render_for(key, language))

    async def _send_error(self, bot: Bot, chat_id: int, exc: errors.ConversationError) -> None:
        messages = self._catalogue.render_for(exc.key, as_lang(exc.language), exc.values)
        await self._send_messages(bot, chat_id, messages)

    async def _send_messages(self, bot: Bot, chat_id: int, messages: Sequence[ChatMessage]) -> None:
        for message in messages:
            texts = message_texts(message)
            if not texts and message.buttons:
                texts = ["…"]  # Telegram needs some text to hang buttons on
            markup = self._keyboard(message.buttons) if message.buttons else None
            await self._send_texts(bot, chat_id, texts, markup)

    @staticmethod
    async def _send_texts(
        bot: Bot, chat_id: int, texts: Sequence[str], markup: InlineKeyboardMarkup | None
    ) -> None:
        for index, text in enumerate(texts):
            last = index == len(texts) - 1
            # No parse_mode: plain text, so nothing anyone wrote is read as formatting.
            await bot.send_message(
                chat_id=chat_id, text=text, reply_markup=markup if last else None
            )

    def _keyboard(self, buttons: Sequence[Button]) -> InlineKeyboardMarkup:
        # One button a row: titles stay whole on a phone and are read one at a time.
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(b.title, callback_data=self._callback_data(b.payload))]
                for b in buttons
            ]
        )

    def _callback_data(self, payload: str) -> str:
        """The payload itself when it fits in 64 bytes, else a stored short key for it."""
        if payload.startswith("/") and len(payload.encode()) <= MAX_CALLBACK_BYTES:
            return payload
        key = hashlib.sha256(payload.encode()).hexdigest()[:20]
        if key not in self._known_buttons:
            try:
                with self._sessions() as session, session.begin():
                    if session.get(TelegramButton, key) is None:
                        session.add(TelegramButton(key=key, payload=payload))
            except IntegrityError:
                pass  # stored by a concurrent send: the same payload under the same key
            self._known_buttons.add(key)
        return HASHED_PREFIX + key

    def _payload_for(self, data: str) -> str | None:
        if data.startswith("/"):
            return data
        if data.startswith(HASHED_PREFIX):
            with self._sessions() as session:
                stored = session.get(TelegramButton, data.removeprefix(HASHED_PREFIX)[:24])
                return stored.payload if stored is not None else None
        return None

    def _title(self, key: str, language: Lang | None) -> str:
        """A button title: one language, or "Cymraeg / English" while the language is unknown."""
        return " / ".join(m.text for m in self._catalogue.render_for(key, language))


def _private_chat(update: Update) -> int | None:
    chat = update.effective_chat
    return chat.id if chat is not None and chat.type == "private" else None


async def _answer(query: CallbackQuery, text: str | None = None) -> None:
    """Stop the button's spinner; an old query Telegram has forgotten is no failure."""
    try:
        await query.answer(text)
    except TelegramError as exc:
        log.debug("callback answer failed (%s)", type(exc).__name__)
