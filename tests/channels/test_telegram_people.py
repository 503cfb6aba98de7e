"""People on Telegram: the real python-telegram-bot Application against a fake Bot API, the
real router, peer desk and a migrated SQLite database (Rasa is a stand-in)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.channels.telegram.common import chunks
from bot.channels.telegram.people import COMMANDS, PeopleChannel, RateLimiter, message_texts
from bot.channels.telegram.service import TelegramService
from bot.channels.telegram.supporters import SupporterRelay
from bot.content.catalogue import ResponseCatalogue
from bot.content.model import ChatMessage
from bot.conversations.peer_relay import PeerDesk, chat_channel
from bot.conversations.rasa_client import RasaClient
from bot.conversations.router import ConversationRouter
from bot.settings import ROOT, Settings
from bot.staff.accounts import create_account
from bot.store.models import (
    AnswerFeedback,
    AuditEvent,
    CallbackRequest,
    Conversation,
    HandoffRequest,
    Message,
    ResponseRevision,
    TelegramButton,
    TelegramChat,
)
from bot.web.app import create_app
from tests.fakes import FakeRasa
from tests.fakes_telegram import FakeTelegram, eventually, user

ALYS = user(7001, "Alys")
BEN = user(7002, "Ben")
SIAN = user(5001, "Sian")
STAFF_CHAT = -1001234567
SECRET = "s3cret_webhook-token"
WELSH = '/choose_language{"language": "cy"}'
ENGLISH = '/choose_language{"language": "en"}'


class Clock:
    """A monotonic clock the flood tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram().running() as fake:
        yield fake


@pytest.fixture
def fake_rasa(catalogue: ResponseCatalogue) -> FakeRasa:
    return FakeRasa(
        catalogue,
        {
            "what is peer support": ["utter_peer_support/what_is"],
            "beth yw cymorth cymheiriaid": ["utter_peer_support/what_is"],
            "/what_can_you_do": ["utter_what_can_you_do"],
            "/crisis": ["utter_crisis"],
        },
    )


@pytest.fixture
def router(
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    desk: PeerDesk,
    fake_rasa: FakeRasa,
) -> ConversationRouter:
    rasa = RasaClient("http://rasa.test", transport=fake_rasa.transport())
    return ConversationRouter(sessions, catalogue, rasa, ROOT / "domain", desk)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def telegram_settings(settings: Settings, fake: FakeTelegram, **extra: Any) -> Settings:
    return settings.model_copy(
        update={
            "telegram_bot_token": fake.token,
            "telegram_base_url": fake.base_url,
            "telegram_rate_limit_burst": 50,
            **extra,
        }
    )


Start = Callable[..., Awaitable[PeopleChannel]]


@pytest.fixture
async def start_bot(
    settings: Settings,
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    desk: PeerDesk,
    router: ConversationRouter,
    fake_telegram: FakeTelegram,
    clock: Clock,
) -> AsyncIterator[Start]:
    """Start one Application with the people channel (and the staff relay when asked)."""
    services: list[TelegramService] = []

    async def start(*, supporters: bool = False, **extra: Any) -> PeopleChannel:
        configured = telegram_settings(settings, fake_telegram, **extra)
        people = PeopleChannel(
            configured, router, catalogue, desk, sessions, resync_seconds=1, clock=clock
        )
        parts: list[Any] = [people]
        relay = None
        if supporters:
            configured = configured.model_copy(update={"telegram_staff_chat_id": STAFF_CHAT})
            relay = SupporterRelay(configured, desk, sessions, resync_seconds=1)
            parts.append(relay)
        service = TelegramService(configured, parts, poll_timeout=1, retry_seconds=0.5)
        services.append(service)
        await service.start()
        await asyncio.wait_for(people.connected.wait(), 20)
        if relay is not None:
            await asyncio.wait_for(relay.connected.wait(), 20)
        return people

    yield start
    for service in services:
        await service.stop()


def texts(fake: FakeTelegram, chat: dict[str, Any]) -> list[str]:
    return fake.texts_to(chat["id"])


async def wait_for_text(fake: FakeTelegram, chat: dict[str, Any], needle: str) -> list[str]:
    return await eventually(  # type: ignore[no-any-return]
        lambda: [t for t in texts(fake, chat) if needle in t], what=repr(needle)
    )


def last_message_with_buttons(fake: FakeTelegram, chat: dict[str, Any]) -> dict[str, Any]:
    for (chat_id, _), message in sorted(fake.messages.items(), key=lambda i: -i[0][1]):
        if chat_id == chat["id"] and fake.buttons_of(message):
            return message
    raise AssertionError("no message with buttons")


def chat_row(sessions: Callable[[], Session], chat: dict[str, Any]) -> TelegramChat | None:
    with sessions() as session:
        row = session.get(TelegramChat, chat["id"])
        if row is not None:
            session.expunge(row)
        return row


def stored(sessions: Callable[[], Session], cid: str, sender: str = "user") -> list[Message]:
    with sessions() as session:
        rows = session.scalars(
            select(Message)
            .where(Message.conversation_id == cid, Message.sender == sender)
            .order_by(Message.seq)
        ).all()
        for row in rows:
            session.expunge(row)
        return list(rows)


def add_web_supporter(sessions: Callable[[], Session], desk: PeerDesk) -> int:
    """An on-duty supporter whose web inbox is open (so people are queued for them)."""
    with sessions() as session, session.begin():
        account = create_account(
            session,
            username="sian",
            display_name="Sian",
            password="a long enough password",
            roles=["peer_supporter"],
            languages=["cy", "en"],
        )
        account.on_duty = True
        session.flush()
        supporter_id = account.id
    desk.heartbeat(supporter_id)
    return supporter_id


async def started(fake: FakeTelegram, sessions: Callable[[], Session], who: dict[str, Any]) -> str:
    """`who` has pressed Start and seen the welcome; returns their conversation id."""
    fake.send_private(who, "/start")
    await wait_for_text(fake, who, "Which language would you like to use?")
    row = chat_row(sessions, who)
    assert row is not None
    return row.conversation_id


# -- commands ---------------------------------------------------------------------------------


async def test_start_shows_the_bilingual_welcome_with_language_buttons(
    fake_telegram: FakeTelegram, sessions: Callable[[], Session], start_bot: Start
) -> None:
    await start_bot()
    fake_telegram.send_private(ALYS, "/start")
    welcome = await eventually(
        lambda: len(texts(fake_telegram, ALYS)) >= 2 and texts(fake_telegram, ALYS)
    )
    assert welcome[0].startswith("Helo, Cymar ydw i.")  # Welsh first
    assert welcome[1].startswith("Hello, I'm Cymar.")
    assert "automated assistant, not a person" in welcome[1]
    message = last_message_with_buttons(fake_telegram, ALYS)
    assert fake_telegram.buttons_of(message) == [
        {"text": "Cymraeg", "callback_data": WELSH},
        {"text": "English", "callback_data": ENGLISH},
    ]
    for call in fake_telegram.sent_to(ALYS["id"]):
        assert "parse_mode" not in call  # plain text, always
    row = chat_row(sessions, ALYS)
    assert row is not None
    with sessions() as session:
        conversation = session.get(Conversation, row.conversation_id)
        assert conversation is not None and conversation.channel == "telegram"
    # /start again: the same conversation, and the welcome again.
    fake_telegram.send_private(ALYS, "/start")
    await eventually(lambda: len(texts(fake_telegram, ALYS)) == 4, what="the second welcome")
    again = chat_row(sessions, ALYS)
    assert again is not None and again.conversation_id == row.conversation_id


async def test_commands_are_described_in_welsh_english_and_both(
    fake_telegram: FakeTelegram, start_bot: Start
) -> None:
    await start_bot()
    calls = await eventually(
        lambda: (
            len(fake_telegram.called("setMyCommands")) == 3
            and fake_telegram.called("setMyCommands")
        )
    )
    by_language = {c.get("language_code"): c for c in calls}
    assert set(by_language) == {"cy", "en", None}
    for call in calls:
        assert [c["command"] for c in call["commands"]] == list(COMMANDS)
        assert call["scope"] == {"type": "all_private_chats"}
    welsh = {c["command"]: c["description"] for c in by_language["cy"]["commands"]}
    english = {c["command"]: c["description"] for c in by_language["en"]["commands"]}
    both = {c["command"]: c["description"] for c in by_language[None]["commands"]}
    assert welsh["forget"] == "Dileu'r sgwrs hon"
    assert english["forget"] == "Erase this conversation"
    assert both["human"] == "Siarad â gweithiwr cymorth cymheiriaid / Talk to a peer supporter"


async def test_language_buttons_and_commands_choose_the_language(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    start_bot: Start,
    fake_rasa: FakeRasa,
) -> None:
    await start_bot()
    cid = await started(fake_telegram, sessions, ALYS)
    welcome = last_message_with_buttons(fake_telegram, ALYS)
    fake_telegram.press_button(ALYS, welcome, WELSH)
    await wait_for_text(fake_telegram, ALYS, "Iawn, bydda i'n siarad Cymraeg")
    assert len(fake_telegram.called("answerCallbackQuery")) == 1  # the spinner stops
    with sessions() as session:
        conversation = session.get(Conversation, cid)
        assert conversation is not None and conversation.language == "cy"
    fake_telegram.send_private(ALYS, "/english")
    await wait_for_text(fake_telegram, ALYS, "OK, I'll use English from now on.")
    fake_telegram.send_private(ALYS, "/cymraeg")
    await eventually(
        lambda: texts(fake_telegram, ALYS).count(texts(fake_telegram, ALYS)[2]) == 2,
        what="Welsh again",
    )
    payloads = [m.payload for m in stored(sessions, cid)]
    assert payloads == [WELSH, ENGLISH, WELSH]
    assert [r["message"] for r in fake_rasa.received] == [WELSH, ENGLISH, WELSH]


async def test_help_human_and_an_unknown_command(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    start_bot: Start,
    fake_rasa: FakeRasa,
) -> None:
    await start_bot()
    cid = await started(fake_telegram, sessions, ALYS)
    fake_telegram.send_private(ALYS, "/help")
    # While the language is unknown, Welsh then English.
    await wait_for_text(fake_telegram, ALYS, "Dyma beth allwch chi ei wneud")
    await wait_for_text(fake_telegram, ALYS, "Here's what you can do in this chat")
    help_buttons = fake_telegram.buttons_of(last_message_with_buttons(fake_telegram, ALYS))
    assert [b["callback_data"] for b in help_buttons] == ["/what_can_you_do", "/talk_to_person"]
    fake_telegram.send_private(ALYS, "/english")
    await wait_for_text(fake_telegram, ALYS, "OK, I'll use English")
    # Nobody is on duty: /human says so at once, with the crisis numbers and a callback.
    fake_telegram.send_private(ALYS, "/human")
    [unavailable] = await wait_for_text(fake_telegram, ALYS, "no peer supporter is available")
    assert "116 123" in unavailable
    fake_telegram.send_private(ALYS, "/restart")
    await wait_for_text(fake_telegram, ALYS, "I don't know that command")
    assert "/restart" not in [r["message"] for r in fake_rasa.received]
    assert [m.payload for m in stored(sessions, cid)] == [ENGLISH, "/talk_to_person"]


# -- messages and buttons ---------------------------------------------------------------------


async def test_a_message_goes_through_the_router_with_typing_shown(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    start_bot: Start,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    await start_bot()
    message_id = fake_telegram.send_private(ALYS, "what is peer support")
    await wait_for_text(fake_telegram, ALYS, "Peer support means help")
    # A first message without /start still gets the welcome first (it says it is a bot).
    assert texts(fake_telegram, ALYS)[0].startswith("Helo, Cymar ydw i.")
    actions = fake_telegram.called("sendChatAction")
    assert {"chat_id": ALYS["id"], "action": "typing"} in [
        {"chat_id": a["chat_id"], "action": a["action"]} for a in actions
    ]
    row = chat_row(sessions, ALYS)
    assert row is not None
    [message] = stored(sessions, row.conversation_id)
    assert message.text == "what is peer support"
    assert message.client_message_id is not None and message.client_message_id.startswith("tg:")
    assert message_id  # (the fake's update id)
    # Every button of the answer made it through Telegram's 64-byte limit.
    assert "what is peer support" not in caplog.text  # never logged


async def test_a_redelivered_update_is_answered_once(
    fake_telegram: FakeTelegram, sessions: Callable[[], Session], start_bot: Start
) -> None:
    await start_bot()
    cid = await started(fake_telegram, sessions, ALYS)
    before = len(texts(fake_telegram, ALYS))
    message = {
        "message_id": 991,
        "date": int(time.time()),
        "chat": {"id": ALYS["id"], "type": "private", "first_name": "Alys"},
        "from": ALYS,
        "text": "what is peer support",
    }
    fake_telegram.push_update({"message": message})
    await wait_for_text(fake_telegram, ALYS, "Peer support means help")
    fake_telegram.push_update({"message": message})  # Telegram sends it again
    fake_telegram.send_private(ALYS, "/help")  # and something after it, to know it was seen
    await wait_for_text(fake_telegram, ALYS, "Here's what you can do")
    answers = [t for t in texts(fake_telegram, ALYS)[before:] if "Peer support means help" in t]
    assert len(answers) == 1
    assert [m.text for m in stored(sessions, cid)] == ["what is peer support"]


async def test_a_long_button_payload_goes_through_a_stored_key(
    fake_telegram: FakeTelegram, sessions: Callable[[], Session], start_bot: Start
) -> None:
    # Staff can publish any valid payload; this one is longer than Telegram's 64 bytes.
    long_payload = '/ask_faq{"faq_key": "recovery_college/who_can_come", "from": "telegram_test"}'
    assert len(long_payload.encode()) > 64
    with sessions() as session, session.begin():
        session.execute(
            update(ResponseRevision)
            .where(
                ResponseRevision.response_key == "utter_peer_support/what_is",
                ResponseRevision.language == "en",
            )
            .values(buttons=[{"title": "Who can come?", "payload": long_payload}])
        )
    await start_bot()
    fake_telegram.send_private(ALYS, "/english")
    await wait_for_text(fake_telegram, ALYS, "OK, I'll use English")
    fake_telegram.send_private(ALYS, "what is peer support")
    await wait_for_text(fake_telegram, ALYS, "Peer support means help")
    answer = last_message_with_buttons(fake_telegram, ALYS)
    button = fake_telegram.buttons_of(answer)[0]
    assert button["text"] == "Who can come?"
    assert button["callback_data"].startswith("h:")
    assert len(button["callback_data"].encode()) <= 64
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(TelegramButton)) == 1
    fake_telegram.press_button(ALYS, answer, button["callback_data"])
    await wait_for_text(fake_telegram, ALYS, "Most courses are open to these people")
    row = chat_row(sessions, ALYS)
    assert row is not None
    assert stored(sessions, row.conversation_id)[-1].payload is not None


async def test_was_this_helpful_works_with_telegrams_buttons(
    fake_telegram: FakeTelegram, sessions: Callable[[], Session], start_bot: Start
) -> None:
    await start_bot()
    fake_telegram.send_private(ALYS, "/cymraeg")
    await wait_for_text(fake_telegram, ALYS, "Iawn")
    fake_telegram.send_private(ALYS, "beth yw cymorth cymheiriaid")
    await wait_for_text(fake_telegram, ALYS, "Oedd yr ateb hwn o help?")
    answer = last_message_with_buttons(fake_telegram, ALYS)
    titles = [b["text"] for b in fake_telegram.buttons_of(answer)]
    assert titles[-3:] == ["Oedd, roedd yn help", "Nac oedd, ddim o help", "Siarad â pherson"]
    no = fake_telegram.buttons_of(answer)[-2]
    # The payload itself fits in Telegram's 64 bytes: no stored key needed.
    assert no["callback_data"] == '/rate_answer{"helpful": "no", "topic": "peer_support"}'
    fake_telegram.press_button(ALYS, answer, no["callback_data"])
    await wait_for_text(fake_telegram, ALYS, "Diolch am ddweud wrthon ni.")
    with sessions() as session:
        assert [
            (row.response_key, row.language, row.helpful)
            for row in session.scalars(select(AnswerFeedback))
        ] == [("utter_peer_support/what_is", "cy", False)]


async def test_a_long_reply_is_split_under_telegrams_limit_with_buttons_on_the_last_part(
    fake_telegram: FakeTelegram, sessions: Callable[[], Session], start_bot: Start
) -> None:
    paragraph = "Peer support is people helping each other. " * 40
    long_text = "\n\n".join([paragraph] * 8)  # about 14,000 characters
    with sessions() as session, session.begin():
        session.execute(
            update(ResponseRevision)
            .where(
                ResponseRevision.response_key == "utter_peer_support/what_is",
                ResponseRevision.language == "en",
            )
            .values(text=long_text)
        )
    await start_bot()
    fake_telegram.send_private(ALYS, "/english")
    await wait_for_text(fake_telegram, ALYS, "OK, I'll use English")
    before = len(fake_telegram.sent_to(ALYS["id"]))
    fake_telegram.send_private(ALYS, "what is peer support")
    await eventually(
        lambda: (
            any(fake_telegram.buttons_of(p) for p in fake_telegram.sent_to(ALYS["id"])[before:])
            and fake_telegram.sent_to(ALYS["id"])[before:]
        ),
        what="the split answer",
    )
    parts = fake_telegram.sent_to(ALYS["id"])[before:]
    assert len(parts) >= 4
    assert all(len(p["text"]) <= 4096 for p in parts)
    # The answer, then (its first time) "Was this helpful?" in the same message.
    question = "Was this answer helpful? You don't have to say."
    assert "".join(p["text"] for p in parts).replace("\n", "").replace(" ", "") == (
        (long_text + question).replace("\n", "").replace(" ", "")
    )
    with_buttons = [i for i, p in enumerate(parts) if p.get("reply_markup")]
    assert with_buttons == [len(parts) - 1]


# -- a peer supporter -------------------------------------------------------------------------


async def test_handoff_messages_flow_both_ways_as_plain_text(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    desk: PeerDesk,
    start_bot: Start,
) -> None:
    supporter = add_web_supporter(sessions, desk)
    await start_bot()
    cid = await started(fake_telegram, sessions, ALYS)
    fake_telegram.send_private(ALYS, "/english")
    await wait_for_text(fake_telegram, ALYS, "OK, I'll use English")
    fake_telegram.send_private(ALYS, "/human")
    await wait_for_text(fake_telegram, ALYS, "You're number 1 in the queue")
    with sessions() as session:
        request = session.scalars(select(HandoffRequest)).one()
        request_id = request.id
    async with desk.hub.subscribe(chat_channel(cid)) as supporter_screen:
        assert (await desk.claim(supporter, request_id)).won
        await wait_for_text(fake_telegram, ALYS, "Sian, a peer supporter, has joined the chat.")
        typing_before = len(fake_telegram.called("sendChatAction"))
        await desk.typing(supporter, request_id)
        await eventually(
            lambda: len(fake_telegram.called("sendChatAction")) > typing_before,
            what="the supporter typing",
        )
        written = "Hi, I'm Sian <b>not bold</b> & *not starred* _x_"
        await desk.send(supporter, request_id, written)
        [arrived] = await wait_for_text(fake_telegram, ALYS, "not bold")
        assert arrived == f"Sian:\n{written}"
        call = next(c for c in fake_telegram.sent_to(ALYS["id"]) if c["text"] == arrived)
        assert "parse_mode" not in call and "entities" not in call
        # Sent to Telegram counts as delivered for the supporter's screen.
        await eventually(
            lambda: all(m.delivered_at is not None for m in stored(sessions, cid, "peer")),
            what="delivered",
        )
        fake_telegram.send_private(ALYS, "Thanks Sian, it's been a hard week")

        async def person_message() -> dict[str, Any]:
            while True:
                event = await supporter_screen.get()
                if event.get("type") == "message" and event.get("from") == "user":
                    return event

        event = await asyncio.wait_for(person_message(), 20)
        assert event["text"] == "Thanks Sian, it's been a hard week"
    assert await desk.end(supporter, request_id, None)
    await wait_for_text(fake_telegram, ALYS, "The peer supporter has left the chat.")
    feedback = last_message_with_buttons(fake_telegram, ALYS)
    assert fake_telegram.buttons_of(feedback)[0]["callback_data"] == (
        '/peer_feedback{"helpful": "yes"}'
    )
    # Each stored message was sent exactly once.
    sent = texts(fake_telegram, ALYS)
    assert sent.count(f"Sian:\n{written}") == 1
    assert len([t for t in sent if "has joined the chat" in t]) == 1


async def test_one_application_serves_people_and_the_staff_group_both_ways(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    start_bot: Start,
) -> None:
    with sessions() as session, session.begin():
        account = create_account(
            session,
            username="sian",
            display_name="Sian",
            password="a long enough password",
            roles=["peer_supporter"],
            languages=["cy", "en"],
        )
        account.on_duty, account.telegram_user_id = True, SIAN["id"]
    await start_bot(supporters=True)
    await started(fake_telegram, sessions, ALYS)
    fake_telegram.send_private(ALYS, "/english")
    await wait_for_text(fake_telegram, ALYS, "OK, I'll use English")
    fake_telegram.send_private(ALYS, "/human")
    await wait_for_text(fake_telegram, ALYS, "in the queue")
    with sessions() as session:
        request_id = session.scalars(select(HandoffRequest.id)).one()

    def group_post() -> dict[str, Any] | None:
        for (chat_id, _), message in list(fake_telegram.messages.items()):
            data = [b.get("callback_data") for b in fake_telegram.buttons_of(message)]
            if chat_id == STAFF_CHAT and f"claim:{request_id}" in data:
                return message
        return None

    post = await eventually(group_post, what="the group post")
    fake_telegram.press_button(SIAN, post, f"claim:{request_id}")
    await wait_for_text(fake_telegram, SIAN, "the conversation so far")
    await wait_for_text(fake_telegram, ALYS, "Sian, a peer supporter, has joined the chat.")
    # The supporter's private chat goes to the person, not to the people channel.
    fake_telegram.send_private(SIAN, "Hello Alys, I'm here")
    await wait_for_text(fake_telegram, ALYS, "Sian:\nHello Alys, I'm here")
    fake_telegram.send_private(ALYS, "Thank you for coming")
    await wait_for_text(fake_telegram, SIAN, "Thank you for coming")
    # Someone who is not a linked supporter is a person: they get the welcome, not "not linked".
    fake_telegram.send_private(BEN, "hello")
    await wait_for_text(fake_telegram, BEN, "Hello, I'm Cymar.")
    assert not any("not linked" in t for t in texts(fake_telegram, BEN))
    # One bot token, one poller: Telegram would have answered a second one with 409.
    assert fake_telegram.conflicts == 0


async def test_a_supporters_message_sent_while_telegram_was_away_arrives_on_reconnect(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    desk: PeerDesk,
    settings: Settings,
    router: ConversationRouter,
    catalogue: ResponseCatalogue,
    clock: Clock,
) -> None:
    supporter = add_web_supporter(sessions, desk)
    configured = telegram_settings(settings, fake_telegram)

    async def connect() -> TelegramService:
        people = PeopleChannel(configured, router, catalogue, desk, sessions, resync_seconds=1)
        service = TelegramService(configured, [people], poll_timeout=1, retry_seconds=0.5)
        await service.start()
        await asyncio.wait_for(people.connected.wait(), 20)
        return service

    service = await connect()
    try:
        fake_telegram.send_private(ALYS, "/human")
        await wait_for_text(fake_telegram, ALYS, "ciw")
    finally:
        await service.stop()
    with sessions() as session:
        request_id = session.scalars(select(HandoffRequest.id)).one()
    assert (await desk.claim(supporter, request_id)).won
    await desk.send(supporter, request_id, "Are you still there?")
    assert not any("Are you still there?" in t for t in texts(fake_telegram, ALYS))
    service = await connect()
    try:
        await wait_for_text(fake_telegram, ALYS, "Are you still there?")
        await asyncio.sleep(1.5)  # a resync later, still sent only once
        assert sum("Are you still there?" in t for t in texts(fake_telegram, ALYS)) == 1
    finally:
        await service.stop()


# -- floods and malformed updates -------------------------------------------------------------


async def test_a_flood_is_answered_politely_once_and_nothing_is_duplicated(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    start_bot: Start,
    clock: Clock,
) -> None:
    await start_bot(telegram_rate_limit_burst=4, telegram_rate_limit_per_minute=1)
    cid = await started(fake_telegram, sessions, ALYS)  # /start took one
    fake_telegram.send_private(ALYS, "/english")  # and this one
    await wait_for_text(fake_telegram, ALYS, "OK, I'll use English")
    for n in range(12):
        fake_telegram.send_private(ALYS, f"message number {n}")
    fake_telegram.send_private(ALYS, "I want to kill myself")  # never held back
    await wait_for_text(fake_telegram, ALYS, "116 123")
    await eventually(lambda: fake_telegram.pending_updates() == 0, what="all updates read")
    await asyncio.sleep(0.3)
    notices = [t for t in texts(fake_telegram, ALYS) if "sending messages very quickly" in t]
    assert len(notices) == 1  # one polite notice for the whole flood, in English
    user_texts = [m.text for m in stored(sessions, cid)]
    assert user_texts == [None, "message number 0", "message number 1", "I want to kill myself"]
    assert len({m.client_message_id for m in stored(sessions, cid)}) == len(user_texts)
    # Later, messages get through again, and a new flood gets a new notice.
    clock.now += 600
    fake_telegram.send_private(ALYS, "what is peer support")
    await wait_for_text(fake_telegram, ALYS, "Peer support means help")
    assert "what is peer support" in [m.text for m in stored(sessions, cid)]


async def test_many_people_at_once_each_in_order(
    fake_telegram: FakeTelegram, sessions: Callable[[], Session], start_bot: Start
) -> None:
    await start_bot()
    people = [user(8000 + n, f"Person{n}") for n in range(6)]
    for n in range(4):
        for person in people:
            fake_telegram.send_private(person, f"{person['first_name']} says {n}")
    for person in people:
        await eventually(
            lambda p=person: (
                chat_row(sessions, p) is not None
                and len(stored(sessions, chat_row(sessions, p).conversation_id)) == 4
            ),  # type: ignore[union-attr]
            what="four messages each",
        )
    for person in people:
        row = chat_row(sessions, person)
        assert row is not None
        assert [m.text for m in stored(sessions, row.conversation_id)] == [
            f"{person['first_name']} says {n}" for n in range(4)
        ]
    assert fake_telegram.conflicts == 0


async def test_malformed_and_unusual_updates_get_a_polite_answer(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    start_bot: Start,
    fake_rasa: FakeRasa,
) -> None:
    await start_bot()
    cid = await started(fake_telegram, sessions, ALYS)
    fake_telegram.send_private(ALYS, "/english")
    await wait_for_text(fake_telegram, ALYS, "OK, I'll use English")
    sticker = {
        "sticker": {
            "file_id": "s1",
            "file_unique_id": "u1",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        }
    }
    fake_telegram.send_message_update(ALYS, sticker)
    await wait_for_text(fake_telegram, ALYS, "Sorry, I can only read text.")
    # A caption is words: it goes through the safety screen like any message.
    photo = {
        "photo": [{"file_id": "p1", "file_unique_id": "pu1", "width": 90, "height": 90}],
        "caption": "I want to kill myself",
    }
    fake_telegram.send_message_update(ALYS, photo)
    await wait_for_text(fake_telegram, ALYS, "116 123")
    fake_telegram.send_message_update(ALYS, {"text": "edited words"}, edited=True)
    await wait_for_text(fake_telegram, ALYS, "I can't see changes to a message")
    welcome = last_message_with_buttons(fake_telegram, ALYS)
    fake_telegram.press_button(ALYS, welcome, "not a payload")
    fake_telegram.press_button(ALYS, welcome, "h:0000000000")
    fake_telegram.press_button(ALYS, welcome, "/no_such_intent")
    await eventually(
        lambda: (
            sum("that button doesn't work any more" in t for t in texts(fake_telegram, ALYS)) == 3
        ),
        what="three unknown buttons",
    )
    fake_telegram.send_private(ALYS, "x" * 4096)
    await wait_for_text(fake_telegram, ALYS, "That message is too long for me")
    # Updates no handler wants (a channel post) are ignored, and the bot carries on.
    fake_telegram.push_update(
        {
            "channel_post": {
                "message_id": 5,
                "date": int(time.time()),
                "chat": {"id": -100999, "type": "channel", "title": "News"},
                "text": "hello channel",
            }
        }
    )
    fake_telegram.send_private(ALYS, "what is peer support")
    await wait_for_text(fake_telegram, ALYS, "Peer support means help")
    user_messages = [m.text for m in stored(sessions, cid)]
    assert user_messages == [None, "I want to kill myself", "what is peer support"]
    assert "edited words" not in [r["message"] for r in fake_rasa.received]
    assert fake_telegram.texts_to(-100999) == []
    assert all(len(t) <= 4096 for t in texts(fake_telegram, ALYS))


# -- /forget ----------------------------------------------------------------------------------


async def test_forget_asks_then_erases_everything_of_that_chat(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    desk: PeerDesk,
    start_bot: Start,
) -> None:
    add_web_supporter(sessions, desk)
    await start_bot()
    fake_telegram.send_private(ALYS, "/forget")
    await wait_for_text(fake_telegram, ALYS, "there's nothing to erase")
    cid = await started(fake_telegram, sessions, ALYS)
    other = await started(fake_telegram, sessions, BEN)
    fake_telegram.send_private(ALYS, "/english")
    await wait_for_text(fake_telegram, ALYS, "OK, I'll use English")
    fake_telegram.send_private(ALYS, "/human")
    await wait_for_text(fake_telegram, ALYS, "in the queue")
    fake_telegram.send_private(ALYS, "/forget")
    [question] = await wait_for_text(fake_telegram, ALYS, "Do you want to erase the conversation?")
    assert "can't be undone" in question
    ask = last_message_with_buttons(fake_telegram, ALYS)
    assert fake_telegram.buttons_of(ask) == [
        {"text": "Yes, erase it", "callback_data": f"forget:yes:{cid}"},
        {"text": "No, keep it", "callback_data": f"forget:no:{cid}"},
    ]
    fake_telegram.press_button(ALYS, ask, f"forget:no:{cid}")
    await wait_for_text(fake_telegram, ALYS, "OK, nothing has been erased.")
    assert chat_row(sessions, ALYS) is not None
    fake_telegram.send_private(ALYS, "/forget")
    await eventually(
        lambda: sum("Do you want to erase" in t for t in texts(fake_telegram, ALYS)) == 2
    )
    ask = last_message_with_buttons(fake_telegram, ALYS)
    fake_telegram.press_button(ALYS, ask, f"forget:yes:{cid}")
    await wait_for_text(fake_telegram, ALYS, "The conversation has been erased.")
    with sessions() as session:
        assert session.get(Conversation, cid) is None
        assert session.scalars(select(Message).where(Message.conversation_id == cid)).all() == []
        assert (
            session.scalars(
                select(HandoffRequest).where(HandoffRequest.conversation_id == cid)
            ).all()
            == []
        )
        assert (
            session.scalars(
                select(CallbackRequest).where(CallbackRequest.conversation_id == cid)
            ).all()
            == []
        )
        assert session.get(TelegramChat, ALYS["id"]) is None
        # Only the fact of the erasure is kept, with no content.
        forgotten = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "conversation_forgotten")
        ).one()
        assert forgotten.subject == cid
        # Someone else's conversation is untouched.
        assert session.get(Conversation, other) is not None
        assert session.get(TelegramChat, BEN["id"]) is not None
    # The question's buttons were removed, and an old "yes" erases nothing new.
    assert fake_telegram.called("editMessageReplyMarkup")
    fake_telegram.send_private(ALYS, "what is peer support")
    await wait_for_text(fake_telegram, ALYS, "Peer support means help")
    fresh = chat_row(sessions, ALYS)
    assert fresh is not None and fresh.conversation_id != cid
    fake_telegram.press_button(ALYS, ask, f"forget:yes:{cid}")
    await wait_for_text(fake_telegram, ALYS, "That button is out of date")
    again = chat_row(sessions, ALYS)
    assert again is not None and again.conversation_id == fresh.conversation_id


# -- webhook mode and the web process --------------------------------------------------------


def webhook_update(update_id: int, who: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": who["id"], "type": "private", "first_name": who["first_name"]},
            "from": who,
            "text": text,
        },
    }


def test_webhook_mode_checks_the_secret_on_every_update(
    fake_telegram: FakeTelegram,
    settings: Settings,
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
) -> None:
    configured = telegram_settings(
        settings,
        fake_telegram,
        telegram_webhook_url="https://cymar.example/telegram/hook",
        telegram_webhook_secret=SECRET,
    )
    app = create_app(configured, FakeRasa(catalogue).transport())
    with TestClient(app) as client:
        deadline = time.monotonic() + 20
        while not fake_telegram.called("setWebhook"):
            assert time.monotonic() < deadline, "the webhook was not set"
            time.sleep(0.02)
        [hook] = fake_telegram.called("setWebhook")
        assert hook["url"] == "https://cymar.example/telegram/hook"
        assert hook["secret_token"] == SECRET
        body = webhook_update(1, ALYS, "hello")
        missing = client.post("/telegram/hook", json=body)
        assert missing.status_code == 401
        wrong = client.post(
            "/telegram/hook", json=body, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
        )
        assert wrong.status_code == 403
        assert wrong.json()["error"]["code"] == "forbidden"
        # Bigger than any update (1 MB): refused before it is read, secret or not.
        huge = client.post("/telegram/hook", content=b"{" + b" " * (1024 * 1024))
        assert huge.status_code == 413
        # A browser page on another site cannot post updates.
        foreign = client.post(
            "/telegram/hook",
            json=body,
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET, "Origin": "https://evil.example"},
        )
        assert foreign.status_code == 403
        assert chat_row(sessions, ALYS) is None  # refused updates do nothing
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        deadline = time.monotonic() + 20
        right = client.post("/telegram/hook", json=body, headers=headers)
        while right.status_code == 503:  # connecting to Telegram: it would try again
            assert time.monotonic() < deadline, "the webhook never became ready"
            time.sleep(0.05)
            right = client.post("/telegram/hook", json=body, headers=headers)
        assert right.status_code == 200
        # Handled before it was acknowledged: stored and answered already.
        row = chat_row(sessions, ALYS)
        assert row is not None
        assert [m.text for m in stored(sessions, row.conversation_id)] == ["hello"]
        assert any("Hello, I'm Cymar." in t for t in texts(fake_telegram, ALYS))
        bad = client.post("/telegram/hook", content=b"{not json", headers=headers)
        assert bad.status_code == 400
        # Telegram sending the same update again changes nothing.
        again = client.post("/telegram/hook", json=body, headers=headers)
        assert again.status_code == 200
        assert [m.text for m in stored(sessions, row.conversation_id)] == ["hello"]
    assert fake_telegram.called("getUpdates") == []  # no polling in webhook mode


def test_a_webhook_without_its_secret_leaves_telegram_off_and_the_rest_running(
    fake_telegram: FakeTelegram,
    settings: Settings,
    catalogue: ResponseCatalogue,
    caplog: pytest.LogCaptureFixture,
) -> None:
    configured = telegram_settings(
        settings, fake_telegram, telegram_webhook_url="https://cymar.example/telegram/hook"
    )
    with TestClient(create_app(configured, FakeRasa(catalogue).transport())) as client:
        assert client.post("/api/conversations", json={}).status_code == 201
        assert client.post("/telegram/hook", json={}).status_code == 404
    assert "TELEGRAM_WEBHOOK_SECRET" in caplog.text
    assert fake_telegram.calls == []


def test_without_a_token_the_web_says_how_to_enable_telegram(
    settings: Settings, catalogue: ResponseCatalogue, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with TestClient(create_app(settings, FakeRasa(catalogue).transport())) as client:
        assert client.post("/api/conversations", json={}).status_code == 201
    assert "set TELEGRAM_BOT_TOKEN" in caplog.text


def test_the_web_process_polls_for_people_when_only_a_token_is_set(
    fake_telegram: FakeTelegram, settings: Settings, catalogue: ResponseCatalogue
) -> None:
    configured = telegram_settings(settings, fake_telegram)
    with TestClient(create_app(configured, FakeRasa(catalogue).transport())):
        fake_telegram.send_private(ALYS, "/start")
        deadline = time.monotonic() + 20
        while not any("Hello, I'm Cymar." in t for t in texts(fake_telegram, ALYS)):
            assert time.monotonic() < deadline, "no welcome"
            time.sleep(0.02)
    polls = len(fake_telegram.called("getUpdates"))
    time.sleep(0.3)
    assert len(fake_telegram.called("getUpdates")) == polls
    assert json.dumps(fake_telegram.called("setWebhook")) == "[]"


# -- small pieces -----------------------------------------------------------------------------


def test_long_texts_split_at_paragraphs_lines_then_words_counting_utf16() -> None:
    text = "\n\n".join(["Paragraph one. " * 100, "Dau. " * 300, "😀" * 3000])
    parts = chunks(text, 4096)
    assert all(0 < len(p.encode("utf-16-le")) // 2 <= 4096 for p in parts)
    # The first two paragraphs fit in one message; the emoji (two units each) start the next.
    assert parts[0] == "Paragraph one. " * 100 + "\n\n" + "Dau. " * 300
    assert parts[1] == "😀" * 2048
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )
    assert chunks("") == [""]
    assert chunks("short") == ["short"]


def test_directory_cards_become_readable_text() -> None:
    card = {
        "title": "Wellbeing walk",
        "organisation": "Sample Trust",
        "when": "Monday 3 March, 10am",
        "place": "Bute Park, Cardiff",
        "language": "In Welsh and English",
        "cost": "Free",
        "booking": "Just turn up",
        "url": "https://example.org/walk",
    }
    described = ChatMessage(text="Here is one:\nWellbeing walk (Sample Trust)", lang="en")
    described.cards = [card]
    [text] = message_texts(described)
    assert text.endswith("Wellbeing walk: https://example.org/walk")
    bare = ChatMessage(text="Here is one:", lang="en", cards=[card])
    assert message_texts(bare) == [
        "Here is one:",
        "Wellbeing walk (Sample Trust)\nMonday 3 March, 10am. Bute Park, Cardiff\n"
        "In Welsh and English. Free. Just turn up\nhttps://example.org/walk",
    ]


def test_the_rate_limiter_allows_a_burst_then_a_steady_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(burst=3, per_minute=6, clock=clock)
    assert [limiter.allow(1) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow(2)  # another chat has its own bucket
    clock.now += 10  # one message every ten seconds
    assert limiter.allow(1)
    assert not limiter.allow(1)
