"""Peer supporters on Telegram: the real python-telegram-bot Application against a fake Bot
API, with the real router, peer desk and a migrated SQLite database (Rasa is a stand-in)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.channels.telegram.supporters import TEXT, SupporterRelay, chunks
from bot.content.catalogue import ResponseCatalogue
from bot.conversations.peer_relay import PeerDesk
from bot.conversations.rasa_client import RasaClient
from bot.conversations.router import ConversationRouter
from bot.settings import ROOT, Settings
from bot.staff.accounts import create_account
from bot.store.models import Conversation, HandoffRequest, Message, SafeguardingConcern
from bot.web.app import create_app
from tests.fakes import FakeRasa
from tests.fakes_telegram import FakeTelegram, eventually, user

STAFF_CHAT = -1001234567
SIAN = user(5001, "Sian")
DAFYDD = user(5002, "Dafydd")
STRANGER = user(5999, "Stranger")

StartRelay = Callable[[], Awaitable[SupporterRelay]]


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram().running() as fake:
        yield fake


@pytest.fixture
def router(
    sessions: Callable[[], Session], catalogue: ResponseCatalogue, desk: PeerDesk
) -> ConversationRouter:
    fake_rasa = FakeRasa(catalogue, {"what is peer support": ["utter_peer_support/what_is"]})
    rasa = RasaClient("http://rasa.test", transport=fake_rasa.transport())
    return ConversationRouter(sessions, catalogue, rasa, ROOT / "domain", desk)


def relay_settings(settings: Settings, base_url: str, token: str) -> Settings:
    return settings.model_copy(
        update={
            "telegram_bot_token": token,
            "telegram_staff_chat_id": STAFF_CHAT,
            "telegram_base_url": base_url,
        }
    )


@pytest.fixture
async def start_relay(
    settings: Settings,
    desk: PeerDesk,
    sessions: Callable[[], Session],
    fake_telegram: FakeTelegram,
) -> AsyncIterator[StartRelay]:
    started: list[SupporterRelay] = []

    async def start() -> SupporterRelay:
        relay = SupporterRelay(
            relay_settings(settings, fake_telegram.base_url, fake_telegram.token),
            desk,
            sessions,
            poll_timeout=1,
            retry_seconds=0.5,
            resync_seconds=1,
        )
        started.append(relay)
        await relay.start()
        await asyncio.wait_for(relay.connected.wait(), 20)
        return relay

    yield start
    for relay in started:
        await relay.stop()


def add_supporter(
    sessions: Callable[[], Session],
    name: str,
    telegram: dict[str, Any] | None,
    languages: tuple[str, ...] = ("cy", "en"),
) -> int:
    with sessions() as session, session.begin():
        account = create_account(
            session,
            username=name,
            display_name=name.title(),
            password="a long enough password",
            roles=["peer_supporter"],
            languages=list(languages),
        )
        account.on_duty = True
        account.telegram_user_id = telegram["id"] if telegram else None
        session.flush()
        return account.id


async def ask_for_a_person(router: ConversationRouter) -> str:
    cid = router.start(language="en").conversation_id
    await router.handle(cid, text="what is peer support")
    turn = await router.handle(cid, payload="/talk_to_person")
    assert turn.state == "waiting_for_peer"
    return cid


def request_of(sessions: Callable[[], Session], cid: str) -> HandoffRequest:
    with sessions() as session:
        request = session.scalars(
            select(HandoffRequest).where(HandoffRequest.conversation_id == cid)
        ).one()
        session.expunge(request)
        return request


def group_post(fake: FakeTelegram, request_id: int) -> dict[str, Any] | None:
    """The stored staff-group message carrying this request's Claim button."""
    for (chat_id, _), message in list(fake.messages.items()):
        buttons = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        data = [b.get("callback_data") for row in buttons for b in row]
        if chat_id == STAFF_CHAT and f"claim:{request_id}" in data:
            return message
    return None


async def claimed_by(
    fake: FakeTelegram,
    sessions: Callable[[], Session],
    router: ConversationRouter,
    start_relay: StartRelay,
) -> tuple[str, int]:
    """Sian (linked) claims a new request through the staff group."""
    add_supporter(sessions, "sian", SIAN)
    await start_relay()
    cid = await ask_for_a_person(router)
    request_id = request_of(sessions, cid).id
    post = await eventually(lambda: group_post(fake, request_id), what="the group post")
    fake.press_button(SIAN, post, f"claim:{request_id}")
    await eventually(lambda: len(fake.texts_to(SIAN["id"])) >= 1, what="the history")
    return cid, request_id


async def test_a_new_request_is_posted_to_the_group_with_a_claim_button(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    router: ConversationRouter,
    start_relay: StartRelay,
) -> None:
    add_supporter(sessions, "sian", SIAN)
    await start_relay()
    cid = await ask_for_a_person(router)
    request_id = request_of(sessions, cid).id
    post = await eventually(lambda: group_post(fake_telegram, request_id), what="the post")
    text = post["text"]
    assert f"Cais newydd #{request_id}: Saesneg" in text
    assert f"New request #{request_id}: English" in text
    assert text.index("Cais newydd") < text.index("New request")  # Welsh line first
    assert "Yn aros ers" in text and "Waiting since" in text
    assert "peer_support" in text  # the topic, from the answers given
    assert "what is peer support" not in text  # never the person's words
    [[button]] = post["reply_markup"]["inline_keyboard"]
    assert button == {"text": "Derbyn / Claim", "callback_data": f"claim:{request_id}"}
    # Another queue change does not post the same request again.
    await ask_for_a_person(router)
    await eventually(lambda: len(fake_telegram.sent_to(STAFF_CHAT)) == 2, what="second post")
    await asyncio.sleep(0.3)
    assert len(fake_telegram.sent_to(STAFF_CHAT)) == 2


async def test_requests_already_waiting_are_posted_at_startup_urgent_and_welsh_first(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    router: ConversationRouter,
    start_relay: StartRelay,
) -> None:
    add_supporter(sessions, "sian", SIAN)
    cid = router.start(language="cy").conversation_id
    turn = await router.handle(cid, payload="/talk_to_person")
    assert turn.state == "waiting_for_peer"
    with sessions() as session, session.begin():
        request = session.scalars(select(HandoffRequest)).one()
        request.urgent, request.accepts_english = True, True
        request_id = request.id
    await start_relay()
    post = await eventually(lambda: group_post(fake_telegram, request_id), what="the post")
    lines = post["text"].splitlines()
    assert lines[:2] == ["⚠️ BRYS: arwydd o risg", "⚠️ URGENT: risk flagged"]
    assert f"Cais newydd #{request_id}: Cymraeg (Saesneg yn iawn)" in lines
    assert f"New request #{request_id}: Welsh (English is fine)" in lines


async def test_two_claims_have_one_winner_who_gets_the_history_privately(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    router: ConversationRouter,
    start_relay: StartRelay,
) -> None:
    sian = add_supporter(sessions, "sian", SIAN)
    add_supporter(sessions, "dafydd", DAFYDD)
    await start_relay()
    cid = await ask_for_a_person(router)
    request_id = request_of(sessions, cid).id
    post = await eventually(lambda: group_post(fake_telegram, request_id), what="the post")
    fake_telegram.press_button(SIAN, post, f"claim:{request_id}")
    fake_telegram.press_button(DAFYDD, post, f"claim:{request_id}")
    answers = await eventually(
        lambda: (
            len(fake_telegram.called("answerCallbackQuery")) == 2
            and fake_telegram.called("answerCallbackQuery")
        ),
        what="both answers",
    )
    lost = [a for a in answers if "Someone else has claimed this." in str(a.get("text"))]
    won = [a for a in answers if "You have claimed this." in str(a.get("text"))]
    assert len(lost) == 1 and len(won) == 1
    assert lost[0]["show_alert"] is True
    assert "Mae rhywun arall wedi derbyn hwn." in lost[0]["text"]
    claimed = request_of(sessions, cid)
    assert claimed.status == "active" and claimed.supporter_id == sian
    # The winner (the first press) gets the conversation so far, labelled, privately.
    history = "\n".join(
        await eventually(lambda: fake_telegram.texts_to(SIAN["id"]), what="the history")
    )
    assert f"Chat #{request_id} (English): the conversation so far" in history
    assert "Person: what is peer support" in history
    assert "Cynorthwyydd / Assistant: " in history
    assert "System: Sian, a peer supporter, has joined the chat." in history
    assert "/end" in history and "/flag" in history
    assert fake_telegram.texts_to(DAFYDD["id"]) == []
    # The group post now says it was claimed, and its button is gone.
    edits = await eventually(lambda: fake_telegram.called("editMessageText"), what="the edit")
    assert edits[-1]["message_id"] == post["message_id"]
    assert edits[-1]["text"].endswith("✅ Wedi'i dderbyn gan Sian\n✅ Claimed by Sian")
    assert "reply_markup" not in edits[-1]


async def test_messages_relay_both_ways_and_safety_alerts_stand_out(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    router: ConversationRouter,
    start_relay: StartRelay,
) -> None:
    cid, request_id = await claimed_by(fake_telegram, sessions, router, start_relay)
    fake_telegram.send_private(SIAN, "Hello, I'm Sian. How are you today?")

    def peer_messages() -> list[Any]:
        return [m for m in router.get(cid).messages if m.sender == "peer"]

    [reply] = await eventually(peer_messages, what="the supporter's message")
    assert reply.text == "Hello, I'm Sian. How are you today?"
    await router.handle(cid, text="Not great, thanks for asking")
    await eventually(
        lambda: (
            f"Person (#{request_id}):\nNot great, thanks for asking"
            in fake_telegram.texts_to(SIAN["id"])
        ),
        what="the person's message",
    )
    # The supporter's own message is not echoed back to them.
    assert not any("How are you today" in t for t in fake_telegram.texts_to(SIAN["id"]))
    await router.handle(cid, text="I want to kill myself")
    alert = await eventually(
        lambda: [t for t in fake_telegram.texts_to(SIAN["id"]) if "Rhybudd diogelwch" in t],
        what="the safety alert",
    )
    assert alert[0].startswith(f"⚠️ Rhybudd diogelwch / Safety alert (#{request_id})")
    fake_telegram.send_private(SIAN, "/flag said they want to kill themselves")

    def concerns() -> list[str]:
        with sessions() as session:
            return list(session.scalars(select(SafeguardingConcern.note)))

    assert await eventually(concerns, what="the concern") == ["said they want to kill themselves"]


async def test_end_hands_the_conversation_back_to_the_assistant(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    router: ConversationRouter,
    start_relay: StartRelay,
) -> None:
    cid, request_id = await claimed_by(fake_telegram, sessions, router, start_relay)
    fake_telegram.send_private(SIAN, "/end talked about local groups")

    def state() -> str:
        with sessions() as session:
            conversation = session.get(Conversation, cid)
            assert conversation is not None
            return conversation.state

    await eventually(lambda: state() == "bot", what="the hand back")
    ended = request_of(sessions, cid)
    assert ended.status == "ended" and ended.handback_note == "talked about local groups"
    await eventually(
        lambda: any(
            f"Chat #{request_id} handed back" in t for t in fake_telegram.texts_to(SIAN["id"])
        ),
        what="the confirmation",
    )
    # Told once (by /end's reply), not again by the "ended" event; then nothing open.
    await asyncio.sleep(0.3)
    texts = fake_telegram.texts_to(SIAN["id"])
    assert not any("has ended" in t for t in texts)
    fake_telegram.send_private(SIAN, "are you still there?")
    await eventually(
        lambda: any("You have no open chat." in t for t in fake_telegram.texts_to(SIAN["id"])),
        what="the no-chat reply",
    )
    with sessions() as session:
        peer = session.scalars(select(Message).where(Message.sender == "peer")).all()
        assert peer == []


async def test_with_two_chats_messages_go_to_the_latest_claim_until_to_chooses(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    router: ConversationRouter,
    start_relay: StartRelay,
) -> None:
    first_cid, first_id = await claimed_by(fake_telegram, sessions, router, start_relay)
    second_cid = await ask_for_a_person(router)
    second_id = request_of(sessions, second_cid).id
    post = await eventually(lambda: group_post(fake_telegram, second_id), what="second post")
    fake_telegram.press_button(SIAN, post, f"claim:{second_id}")
    await eventually(
        lambda: any(
            f"Chat #{second_id} (English)" in t for t in fake_telegram.texts_to(SIAN["id"])
        ),
        what="the second history",
    )

    def peer_texts(cid: str) -> list[str]:
        return [m.text for m in router.get(cid).messages if m.sender == "peer"]

    fake_telegram.send_private(SIAN, "to the second person")
    await eventually(lambda: peer_texts(second_cid), what="the message to the latest chat")
    fake_telegram.send_private(SIAN, f"/to #{first_id}")
    await eventually(
        lambda: any(
            f"You are now writing to chat #{first_id}." in t
            for t in fake_telegram.texts_to(SIAN["id"])
        ),
        what="the /to reply",
    )
    fake_telegram.send_private(SIAN, "to the first person")
    await eventually(lambda: peer_texts(first_cid), what="the message to the chosen chat")
    assert peer_texts(first_cid) == ["to the first person"]
    assert peer_texts(second_cid) == ["to the second person"]
    fake_telegram.send_private(SIAN, "/to 99999")
    await eventually(
        lambda: any(
            f"Your chats: #{second_id}, #{first_id}" in t
            for t in fake_telegram.texts_to(SIAN["id"])
        ),
        what="the list of open chats",
    )


async def test_an_unlinked_telegram_user_cannot_claim(
    fake_telegram: FakeTelegram,
    sessions: Callable[[], Session],
    router: ConversationRouter,
    start_relay: StartRelay,
) -> None:
    add_supporter(sessions, "sian", SIAN)
    await start_relay()
    cid = await ask_for_a_person(router)
    request_id = request_of(sessions, cid).id
    post = await eventually(lambda: group_post(fake_telegram, request_id), what="the post")
    fake_telegram.press_button(STRANGER, post, f"claim:{request_id}")
    [answer] = await eventually(
        lambda: fake_telegram.called("answerCallbackQuery"), what="the answer"
    )
    assert answer["show_alert"] is True
    assert answer["text"] == "\n".join([TEXT["not_linked"]["cy"], TEXT["not_linked"]["en"]])
    assert len(answer["text"]) <= 200  # Telegram's limit for a button answer
    assert request_of(sessions, cid).status == "waiting"
    assert fake_telegram.texts_to(STRANGER["id"]) == []
    fake_telegram.send_private(STRANGER, "hello")
    await eventually(lambda: fake_telegram.texts_to(STRANGER["id"]), what="the reply to a stranger")
    assert "not linked" in fake_telegram.texts_to(STRANGER["id"])[0]


async def test_an_unreachable_telegram_is_logged_and_retried_without_the_token(
    settings: Settings,
    desk: PeerDesk,
    sessions: Callable[[], Session],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Port 9 (discard) has no listener here: every call fails to connect.
    token = "987654:SECRET-token"
    relay = SupporterRelay(
        relay_settings(settings, "http://127.0.0.1:9/bot", token),
        desk,
        sessions,
        retry_seconds=0.1,
    )
    caplog.set_level(logging.INFO)
    await relay.start()
    try:
        await eventually(
            lambda: sum("relay disconnected" in r.getMessage() for r in caplog.records) >= 2,
            what="two failed attempts",
        )
    finally:
        await asyncio.wait_for(relay.stop(), 10)
    assert not relay.connected.is_set()
    assert token not in caplog.text


def test_the_web_process_runs_the_relay_when_telegram_is_configured(
    fake_telegram: FakeTelegram,
    settings: Settings,
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
) -> None:
    add_supporter(sessions, "sian", SIAN)
    configured = relay_settings(settings, fake_telegram.base_url, fake_telegram.token)
    app = create_app(configured, FakeRasa(catalogue).transport())
    with TestClient(app) as client:
        cid = client.post("/api/conversations", json={"language": "en"}).json()["conversation_id"]
        turn = client.post(
            f"/api/conversations/{cid}/messages", json={"payload": "/talk_to_person"}
        )
        assert turn.json()["state"] == "waiting_for_peer"
        deadline = time.monotonic() + 20
        while not fake_telegram.sent_to(STAFF_CHAT):
            assert time.monotonic() < deadline, "the request was not posted to the group"
            time.sleep(0.02)
    # Shut down with the web process: no more polling once the app has stopped.
    polls = len(fake_telegram.called("getUpdates"))
    time.sleep(0.3)
    assert len(fake_telegram.called("getUpdates")) == polls


def test_every_relay_text_is_in_welsh_and_english() -> None:
    for key, entry in TEXT.items():
        assert entry.get("cy") and entry.get("en"), key


def test_long_histories_are_split_under_telegrams_limit() -> None:
    parts = chunks("\n".join(["x" * 1500] * 5 + ["y" * 9000]))
    assert all(0 < len(p) <= 4000 for p in parts)
    assert "".join(p.replace("\n", "") for p in parts) == "x" * 7500 + "y" * 9000
