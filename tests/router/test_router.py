"""The router against a real migrated SQLite database and a Rasa stand-in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.conversations import errors
from bot.conversations.peer_relay import PeerDesk
from bot.conversations.rasa_client import RasaClient
from bot.conversations.router import ConversationRouter
from bot.settings import ROOT
from bot.store.models import Conversation, Message
from tests.fakes import FakeRasa


@pytest.fixture
def fake_rasa(catalogue: ResponseCatalogue) -> FakeRasa:
    return FakeRasa(
        catalogue,
        {
            "what is peer support please": ["utter_peer_support/what_is"],
            "beth yw cymorth gan gymheiriaid os gwelwch yn dda": ["utter_peer_support/what_is"],
        },
    )


@pytest.fixture
def router(
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    fake_rasa: FakeRasa,
    desk: PeerDesk,
) -> ConversationRouter:
    rasa = RasaClient("http://rasa.test", transport=fake_rasa.transport())
    return ConversationRouter(
        sessions, catalogue, rasa, ROOT / "domain", desk, max_message_chars=2000
    )


def test_a_new_conversation_opens_with_the_welsh_first_active_offer(
    router: ConversationRouter,
) -> None:
    turn = router.start()
    assert turn.language is None and turn.state == "bot"
    assert [m.lang for m in turn.messages] == ["cy", "en"]
    assert [b.payload for b in turn.messages[-1].buttons] == [
        '/choose_language{"language": "cy"}',
        '/choose_language{"language": "en"}',
    ]


def test_a_conversation_opened_in_english_greets_in_english_only(
    router: ConversationRouter,
) -> None:
    turn = router.start(language="en")
    assert [m.lang for m in turn.messages] == ["en"]
    assert turn.language == "en"


async def test_choosing_welsh_by_button_makes_every_reply_welsh(
    router: ConversationRouter, fake_rasa: FakeRasa
) -> None:
    conversation = router.start()
    turn = await router.handle(
        conversation.conversation_id, payload='/choose_language{"language": "cy"}'
    )
    assert turn.language == "cy"
    assert {m.lang for m in turn.messages} == {"cy"}
    assert fake_rasa.received[-1]["metadata"] == {"language": "cy"}


async def test_english_words_do_not_undo_an_explicit_welsh_choice_but_offer_a_switch(
    router: ConversationRouter,
) -> None:
    conversation = router.start()
    cid = conversation.conversation_id
    await router.handle(cid, payload='/choose_language{"language": "cy"}')
    turn = await router.handle(cid, text="what is peer support please")
    assert turn.language == "cy"
    assert turn.messages[0].lang == "cy"
    assert turn.messages[-1].buttons[-1].payload == '/choose_language{"language": "en"}'


async def test_saying_in_english_please_switches_at_once(router: ConversationRouter) -> None:
    cid = router.start(language="cy").conversation_id
    turn = await router.handle(cid, text="in English please")
    assert turn.language == "en"
    assert all(m.lang == "en" for m in turn.messages)


async def test_a_clear_english_question_sets_the_language_from_unknown(
    router: ConversationRouter,
) -> None:
    cid = router.start().conversation_id
    turn = await router.handle(cid, text="what is peer support please")
    assert turn.language == "en"
    assert [m.lang for m in turn.messages] == ["en"]
    assert "peer" in turn.messages[0].text.lower()


async def test_a_clear_welsh_question_sets_welsh(router: ConversationRouter) -> None:
    cid = router.start().conversation_id
    turn = await router.handle(cid, text="beth yw cymorth gan gymheiriaid os gwelwch yn dda")
    assert turn.language == "cy"
    assert [m.lang for m in turn.messages] == ["cy"]


async def test_a_one_word_hello_keeps_answering_in_both_languages_welsh_first(
    router: ConversationRouter,
) -> None:
    cid = router.start().conversation_id
    turn = await router.handle(cid, text="ok")
    assert turn.language is None
    assert [m.lang for m in turn.messages] == ["cy", "en"]


@pytest.mark.parametrize(
    ("language", "text", "expected_number"),
    [
        ("en", "i want to kill myself", "999"),
        ("cy", "dw i isio lladd fy hun", "999"),
    ],
)
async def test_risk_gets_the_crisis_numbers_even_when_rasa_misses_it(
    router: ConversationRouter,
    sessions: Callable[[], Session],
    language: str,
    text: str,
    expected_number: str,
) -> None:
    cid = router.start(language=language).conversation_id  # type: ignore[arg-type]
    turn = await router.handle(cid, text=text)  # the fake Rasa answers utter_default
    crisis = turn.messages[0]
    assert crisis.lang == language
    assert expected_number in crisis.text and "111" in crisis.text
    assert any(b.payload == "/talk_to_person" for b in crisis.buttons)
    with sessions() as session:
        assert session.get(Conversation, cid).risk_flagged_at is not None  # type: ignore[union-attr]


async def test_an_idiom_is_not_treated_as_risk(router: ConversationRouter) -> None:
    cid = router.start(language="en").conversation_id
    turn = await router.handle(cid, text="this queue is killing me")
    assert all("999" not in m.text for m in turn.messages)


async def test_when_rasa_is_down_the_person_hears_so_with_the_crisis_numbers(
    router: ConversationRouter, fake_rasa: FakeRasa, sessions: Callable[[], Session]
) -> None:
    cid = router.start(language="cy").conversation_id
    fake_rasa.down = True
    turn = await router.handle(cid, text="helo, beth allwch chi wneud?")
    assert turn.messages[0].lang == "cy"
    assert "111" in turn.messages[0].text
    with sessions() as session:
        texts = session.scalars(
            select(Message.text).where(Message.conversation_id == cid, Message.sender == "user")
        ).all()
    assert texts == ["helo, beth allwch chi wneud?"]  # nothing the person sent is lost


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00\x01\x02", "\u200b\u200b"])
async def test_empty_input_is_refused_in_the_conversation_language(
    router: ConversationRouter, catalogue: ResponseCatalogue, text: str
) -> None:
    cid = router.start(language="cy").conversation_id
    with pytest.raises(errors.EmptyMessage) as caught:
        await router.handle(cid, text=text)
    assert caught.value.language == "cy"


async def test_a_huge_message_is_refused_but_a_huge_message_with_risk_is_answered(
    router: ConversationRouter,
) -> None:
    cid = router.start(language="en").conversation_id
    with pytest.raises(errors.MessageTooLong):
        await router.handle(cid, text="word " * 2000)
    turn = await router.handle(cid, text="word " * 2000 + " i want to end my life")
    assert "999" in turn.messages[0].text


async def test_unknown_payloads_are_refused(router: ConversationRouter) -> None:
    cid = router.start(language="en").conversation_id
    for payload in [
        "/drop_tables",
        "/choose_language{not json}",
        "hello",
        '/ask_faq{"faq_key": "x/y"}',
    ]:
        with pytest.raises(errors.UnknownPayload):
            await router.handle(cid, payload=payload)


async def test_a_faq_button_is_answered_exactly_in_the_conversation_language(
    router: ConversationRouter, fake_rasa: FakeRasa
) -> None:
    cid = router.start(language="cy").conversation_id
    turn = await router.handle(cid, payload='/ask_faq{"faq_key": "peer_support/cost"}')
    assert turn.messages[0].lang == "cy"
    assert fake_rasa.received == []


async def test_rasa_is_told_the_last_faq_answer_even_when_a_button_gave_it(
    router: ConversationRouter, fake_rasa: FakeRasa
) -> None:
    # "Is it free?" next is about recovery colleges: action_answer_faq reads this metadata.
    cid = router.start(language="en").conversation_id
    await router.handle(cid, text="hello")
    assert "faq_answer" not in fake_rasa.received[-1]["metadata"]
    await router.handle(cid, payload='/ask_faq{"faq_key": "recovery_college/what_is"}')
    await router.handle(cid, text="is it free?")
    assert fake_rasa.received[-1]["metadata"]["faq_answer"] == "utter_recovery_college/what_is"
    await router.handle(cid, text="what is peer support please")
    await router.handle(cid, text="is it free?")
    assert fake_rasa.received[-1]["metadata"]["faq_answer"] == "utter_peer_support/what_is"


async def test_a_replayed_request_is_answered_once_not_twice(
    router: ConversationRouter, fake_rasa: FakeRasa
) -> None:
    cid = router.start(language="en").conversation_id
    first = await router.handle(cid, text="what is peer support please", client_message_id="m-1")
    again = await router.handle(cid, text="what is peer support please", client_message_id="m-1")
    assert [m.text for m in again.messages] == [m.text for m in first.messages]
    assert len(fake_rasa.received) == 1
    with pytest.raises(errors.ReplayMismatch):
        await router.handle(cid, text="something else", client_message_id="m-1")


async def test_html_and_sql_looking_text_is_kept_as_text(
    router: ConversationRouter, sessions: Callable[[], Session]
) -> None:
    cid = router.start(language="en").conversation_id
    nasty = "<script>alert(1)</script>'; DROP TABLE message; --"
    await router.handle(cid, text=nasty)
    with sessions() as session:
        stored = session.scalars(select(Message.text).where(Message.sender == "user")).all()
    assert stored == [nasty]


async def test_an_unknown_conversation_is_reported(router: ConversationRouter) -> None:
    with pytest.raises(errors.ConversationNotFound):
        await router.handle("does-not-exist", text="hello")


async def test_messages_sent_at_once_are_all_kept_in_order(
    router: ConversationRouter, sessions: Callable[[], Session]
) -> None:
    import asyncio

    cid = router.start(language="en").conversation_id
    await asyncio.gather(*(router.handle(cid, text=f"message {n}") for n in range(5)))
    with sessions() as session:
        rows = session.scalars(
            select(Message).where(Message.conversation_id == cid).order_by(Message.seq)
        ).all()
    user_texts = [m.text for m in rows if m.sender == "user"]
    assert sorted(user_texts) == [f"message {n}" for n in range(5)]
    assert [m.seq for m in rows] == list(range(1, len(rows) + 1))
