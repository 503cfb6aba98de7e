"""Asking for a person, waiting, the peer chat and the hand back, through the real router,
database and peer desk (Rasa is a stand-in; the whole stack runs in tests/e2e)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.conversations import contact
from bot.conversations.events import EventHub
from bot.conversations.peer_relay import PeerDesk, chat_channel, person_channel
from bot.conversations.rasa_client import RasaClient
from bot.conversations.router import ConversationRouter
from bot.settings import ROOT, Settings
from bot.staff.accounts import create_account
from bot.store.models import (
    CallbackRequest,
    Conversation,
    HandoffRequest,
    Message,
    PeerFeedback,
    StaffAccount,
)
from tests.fakes import FakeRasa


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def peer_desk(
    sessions: Callable[[], Session], catalogue: ResponseCatalogue, settings: Settings, clock: Clock
) -> PeerDesk:
    return PeerDesk(sessions, catalogue, EventHub(), settings, clock=clock)


@pytest.fixture
def fake_rasa(catalogue: ResponseCatalogue) -> FakeRasa:
    return FakeRasa(
        catalogue,
        {
            "i need a human being": ["utter_talk_to_person"],
            "what is peer support": ["utter_peer_support/what_is"],
            "beth yw cymorth cymheiriaid": ["utter_peer_support/what_is"],
        },
    )


@pytest.fixture
def router(
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    fake_rasa: FakeRasa,
    peer_desk: PeerDesk,
) -> ConversationRouter:
    rasa = RasaClient("http://rasa.test", transport=fake_rasa.transport())
    return ConversationRouter(sessions, catalogue, rasa, ROOT / "domain", peer_desk)


def add_supporter(
    sessions: Callable[[], Session], name: str, languages: list[str], clock: Clock
) -> int:
    with sessions() as session, session.begin():
        account = create_account(
            session,
            username=name,
            display_name=name.title(),
            password="a long enough password",
            roles=["peer_supporter"],
            languages=languages,
        )
        account.on_duty = True
        account.last_seen_at = clock.now
        return account.id


def text_of(catalogue: ResponseCatalogue, key: str, language: str, **values: Any) -> str:
    return catalogue.render(key, language, values).text  # type: ignore[arg-type]


def keys(turn_messages: list[Any]) -> list[str | None]:
    return [m.key for m in turn_messages]


async def test_every_assistant_reply_offers_a_person(router: ConversationRouter) -> None:
    cid = router.start(language="en").conversation_id
    turn = await router.handle(cid, text="what is peer support")
    assert turn.messages[-1].buttons[-1].payload == "/talk_to_person"
    assert turn.messages[-1].buttons[-1].title == "Talk to a person"
    cy = router.start(language="cy").conversation_id
    turn = await router.handle(cy, text="beth yw cymorth cymheiriaid")
    assert turn.messages[-1].buttons[-1].title == "Siarad â pherson"


@pytest.mark.parametrize("language", ["en", "cy"])
async def test_nobody_on_duty_is_said_at_once_with_a_callback_and_crisis_numbers(
    router: ConversationRouter, catalogue: ResponseCatalogue, language: str
) -> None:
    cid = router.start(language=language).conversation_id  # type: ignore[arg-type]
    turn = await router.handle(cid, payload="/talk_to_person")
    assert turn.state == "bot"
    assert keys(turn.messages) == ["utter_handoff_unavailable"]
    message = turn.messages[0]
    assert message.lang == language
    assert "999" in message.text and "116 123" in message.text
    payloads = [b.payload for b in message.buttons]
    assert "/request_callback" in payloads and '/request_callback{"method": "message"}' in payloads


async def test_a_welsh_speaker_with_only_english_supporters_is_offered_a_choice_in_welsh(
    router: ConversationRouter, sessions: Callable[[], Session], clock: Clock
) -> None:
    add_supporter(sessions, "eng", ["en"], clock)
    cid = router.start(language="cy").conversation_id
    turn = await router.handle(cid, text="dw i isio siarad â pherson")
    assert keys(turn.messages) == ["utter_handoff_no_welsh_speaker"]
    assert turn.messages[0].lang == "cy" and turn.state == "bot"
    turn = await router.handle(cid, payload="/handoff_english")
    assert turn.state == "waiting_for_peer"
    assert keys(turn.messages) == ["utter_handoff_queued_no_estimate"]
    assert turn.messages[0].lang == "cy"  # what the service says stays Welsh


async def test_the_whole_journey_from_asking_to_hand_back(
    router: ConversationRouter,
    peer_desk: PeerDesk,
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    clock: Clock,
) -> None:
    sian = add_supporter(sessions, "sian", ["cy", "en"], clock)
    cid = router.start(language="cy").conversation_id
    await router.handle(cid, text="beth yw cymorth cymheiriaid")
    asked = await router.handle(cid, payload="/talk_to_person")
    assert asked.state == "waiting_for_peer"
    assert "rhif 1 yn y ciw" in asked.messages[0].text

    # Written while waiting: kept, acknowledged once, never sent to Rasa.
    first = await router.handle(cid, text="dw i wedi bod yn teimlo'n isel")
    second = await router.handle(cid, text="ac yn unig")
    assert keys(first.messages) == ["utter_handoff_message_saved"]
    assert second.messages == []

    with sessions() as session:
        request = session.scalars(select(HandoffRequest)).one()
        assert request.topic_summary == "peer_support/what_is"
    async with peer_desk.hub.subscribe(person_channel(cid)) as person:
        result = await peer_desk.claim(sian, request.id)
        assert result.won
        joined = await person.get()
        assert joined["from"] == "system" and "Sian" in joined["text"]
        assert (await person.get()) == {
            "type": "state",
            "state": "with_peer",
            "channel": person_channel(cid),
        }

        sent = await peer_desk.send(sian, request.id, "Helo, Sian dw i. Sut dych chi?")
        assert sent is not None and sent["from"] == "peer" and sent["lang"] == "cy"
        relayed = await person.get()
        assert relayed["text"] == "Helo, Sian dw i. Sut dych chi?"

    # The person's screen was listening, so the supporter's message counts as delivered.
    with sessions() as session:
        peer_message = session.scalars(select(Message).where(Message.sender == "peer")).one()
        assert peer_message.delivered_at is not None

    async with peer_desk.hub.subscribe(chat_channel(cid)) as supporter_view:
        reply = await router.handle(cid, text="dw i'n iawn, diolch")
        assert reply.messages == [] and reply.state == "with_peer"
        event = await supporter_view.get()
        assert event["from"] == "user" and event["text"] == "dw i'n iawn, diolch"

    assert await peer_desk.end(sian, request.id, "Wedi siarad am unigrwydd")
    history = router.get(cid)
    assert history.state == "bot"
    ended = history.messages[-1]
    assert ended.sender == "system" and ended.lang == "cy"
    assert "Oedd siarad â gweithiwr cymorth cymheiriaid yn help?" in ended.text

    thanks = await router.handle(cid, payload='/peer_feedback{"helpful": "yes"}')
    assert keys(thanks.messages) == ["utter_peer_feedback_thanks"]
    with sessions() as session:
        assert session.scalars(select(PeerFeedback)).one().helpful == "yes"
        assert session.get(HandoffRequest, request.id).handback_note == "Wedi siarad am unigrwydd"  # type: ignore[union-attr]
    # The assistant is back, in Welsh.
    back = await router.handle(cid, text="beth yw cymorth cymheiriaid")
    assert keys(back.messages) == ["utter_peer_support/what_is"] and back.messages[0].lang == "cy"


async def test_risk_during_a_peer_chat_alerts_the_supporter_and_shows_the_numbers(
    router: ConversationRouter, peer_desk: PeerDesk, sessions: Callable[[], Session], clock: Clock
) -> None:
    rhys = add_supporter(sessions, "rhys", ["en"], clock)
    cid = router.start(language="en").conversation_id
    await router.handle(cid, payload="/talk_to_person")
    with sessions() as session:
        request_id = session.scalars(select(HandoffRequest.id)).one()
    assert (await peer_desk.claim(rhys, request_id)).won
    async with peer_desk.hub.subscribe(chat_channel(cid)) as supporter_view:
        turn = await router.handle(cid, text="honestly i just want to end it all tonight")
        assert keys(turn.messages) == ["utter_peer_safety_notice"]
        assert "999" in turn.messages[0].text
        events = [await supporter_view.get(), await supporter_view.get()]
        assert {e["type"] for e in events} == {"message", "safety_alert"}
    with sessions() as session:
        assert session.get(HandoffRequest, request_id).urgent  # type: ignore[union-attr]


async def test_an_idiom_during_a_peer_chat_raises_no_alarm(
    router: ConversationRouter, peer_desk: PeerDesk, sessions: Callable[[], Session], clock: Clock
) -> None:
    rhys = add_supporter(sessions, "rhys", ["en"], clock)
    cid = router.start(language="en").conversation_id
    await router.handle(cid, payload="/talk_to_person")
    with sessions() as session:
        request_id = session.scalars(select(HandoffRequest.id)).one()
    await peer_desk.claim(rhys, request_id)
    turn = await router.handle(cid, text="this queue is killing me lol")
    assert turn.messages == []


async def test_a_long_wait_offers_other_options_and_a_lost_supporter_requeues(
    router: ConversationRouter,
    peer_desk: PeerDesk,
    sessions: Callable[[], Session],
    clock: Clock,
    settings: Settings,
) -> None:
    gwen = add_supporter(sessions, "gwen", ["en"], clock)
    cid = router.start(language="en").conversation_id
    await router.handle(cid, payload="/talk_to_person")
    clock.now += timedelta(seconds=settings.handoff_timeout_seconds + 1)
    await peer_desk.sweep()
    last = router.get(cid).messages[-1]
    assert "taking a while" in last.text
    assert last.buttons[0].payload == "/keep_waiting"
    await peer_desk.sweep()  # told once, not every sweep
    assert router.get(cid).messages[-1].seq == last.seq

    with sessions() as session:
        request_id = session.scalars(select(HandoffRequest.id)).one()
    peer_desk.heartbeat(gwen)
    assert (await peer_desk.claim(gwen, request_id)).won
    clock.now += timedelta(seconds=settings.peer_reconnect_grace_seconds + 1)
    await peer_desk.sweep()
    assert router.get(cid).state == "waiting_for_peer"
    assert "connection has dropped" in router.get(cid).messages[-1].text


async def test_leaving_contact_details_stores_them_encrypted_only(
    router: ConversationRouter, sessions: Callable[[], Session]
) -> None:
    cid = router.start(language="en").conversation_id
    await router.handle(cid, payload="/talk_to_person")
    ask = await router.handle(cid, payload='/request_callback{"method": "phone"}')
    assert keys(ask.messages) == ["utter_callback_ask_phone"]
    wrong = await router.handle(cid, text="call me maybe")
    assert keys(wrong.messages) == ["utter_callback_invalid_phone"]
    saved = await router.handle(cid, text="07811 123 456")
    assert keys(saved.messages) == ["utter_callback_saved"]
    with sessions() as session:
        callback = session.scalars(select(CallbackRequest)).one()
        assert "07811" not in (callback.contact_encrypted or "")
        assert contact.unseal(callback.contact_encrypted) == "07811123456"
        texts = [m.text or "" for m in session.scalars(select(Message))]
        assert not any("07811" in t for t in texts)
    # Back to the assistant afterwards, not stuck in the contact question.
    turn = await router.handle(cid, text="what is peer support")
    assert keys(turn.messages) == ["utter_peer_support/what_is"]


async def test_contact_details_sent_again_get_the_same_answer_and_one_callback(
    router: ConversationRouter, sessions: Callable[[], Session]
) -> None:
    # The widget sends a message again when its answer was lost on the way back; what was
    # stored for contact details is a placeholder, not the number, yet it is the same request.
    cid = router.start(language="cy").conversation_id
    await router.handle(cid, payload="/talk_to_person")
    await router.handle(cid, payload='/request_callback{"method": "phone"}')
    saved = await router.handle(cid, text="07811 123 456", client_message_id="c1")
    again = await router.handle(cid, text="07811 123 456", client_message_id="c1")
    assert keys(saved.messages) == ["utter_callback_saved"]
    assert [m.text for m in again.messages] == [m.text for m in saved.messages]
    with sessions() as session:
        assert len(session.scalars(select(CallbackRequest)).all()) == 1


async def test_asking_in_words_mid_form_still_reaches_the_queue(
    router: ConversationRouter, sessions: Callable[[], Session], clock: Clock
) -> None:
    add_supporter(sessions, "anyone", ["en"], clock)
    cid = router.start(language="en").conversation_id
    turn = await router.handle(cid, text="can I talk to a real person please")
    assert turn.state == "waiting_for_peer"
    # And the model's own recognition works too.
    other = router.start(language="en").conversation_id
    turn = await router.handle(other, text="i need a human being")
    assert turn.state == "waiting_for_peer"
    with sessions() as session:
        assert session.get(Conversation, other).state == "waiting_for_peer"  # type: ignore[union-attr]
        assert len(session.scalars(select(HandoffRequest)).all()) == 2


async def test_stop_waiting_returns_to_the_assistant(
    router: ConversationRouter, sessions: Callable[[], Session], clock: Clock
) -> None:
    add_supporter(sessions, "anyone", ["en"], clock)
    cid = router.start(language="en").conversation_id
    await router.handle(cid, payload="/talk_to_person")
    again = await router.handle(cid, payload="/talk_to_person")
    assert keys(again.messages) == ["utter_handoff_already_waiting"]
    turn = await router.handle(cid, payload="/cancel_handoff")
    assert turn.state == "bot" and keys(turn.messages) == ["utter_handoff_cancelled"]
    with sessions() as session:
        assert session.scalars(select(HandoffRequest.status)).one() == "cancelled"
        assert session.scalars(select(StaffAccount)).one().on_duty


async def test_a_chat_can_be_transferred_only_to_a_colleague_who_can_take_it(
    router: ConversationRouter, peer_desk: PeerDesk, sessions: Callable[[], Session], clock: Clock
) -> None:
    first = add_supporter(sessions, "first", ["cy", "en"], clock)
    english_only = add_supporter(sessions, "english", ["en"], clock)
    colleague = add_supporter(sessions, "colleague", ["cy"], clock)
    cid = router.start(language="cy").conversation_id
    await router.handle(cid, payload="/talk_to_person")
    with sessions() as session:
        request_id = session.scalars(select(HandoffRequest.id)).one()
    assert (await peer_desk.claim(first, request_id)).won
    # The person asked for Welsh: an English-only colleague cannot take it over.
    assert not await peer_desk.transfer(first, request_id, english_only)
    async with peer_desk.hub.subscribe(person_channel(cid)) as person:
        assert await peer_desk.transfer(first, request_id, colleague)
        told = await person.get()
        assert "Colleague" in told["text"] and told["lang"] == "cy"
    # The first supporter no longer owns the chat; the colleague does.
    assert await peer_desk.send(first, request_id, "helo") is None
    assert await peer_desk.send(colleague, request_id, "Helo, fi sy 'ma nawr") is not None


async def test_a_safeguarding_concern_is_recorded_against_the_chat(
    router: ConversationRouter, peer_desk: PeerDesk, sessions: Callable[[], Session], clock: Clock
) -> None:
    from bot.store.models import AuditEvent, SafeguardingConcern

    sian = add_supporter(sessions, "sian", ["en"], clock)
    cid = router.start(language="en").conversation_id
    await router.handle(cid, payload="/talk_to_person")
    with sessions() as session:
        request_id = session.scalars(select(HandoffRequest.id)).one()
    assert not await peer_desk.flag_concern(sian, request_id, "not mine yet")
    await peer_desk.claim(sian, request_id)
    assert await peer_desk.flag_concern(sian, request_id, "mentions a child at risk")
    with sessions() as session:
        concern = session.scalars(select(SafeguardingConcern)).one()
        assert concern.raised_by == sian and concern.conversation_id == cid
        actions = set(session.scalars(select(AuditEvent.action)))
        assert {"handoff_requested", "handoff_claimed", "safeguarding_concern"} <= actions
