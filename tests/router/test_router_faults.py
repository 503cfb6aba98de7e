"""What the person sees when a part of Cymar fails, through the real router and a real
migrated SQLite database (Rasa is a stand-in; tests/e2e/test_faults.py stops real processes).
"""

from __future__ import annotations

import ast
import asyncio
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.content.catalogue import ResponseCatalogue
from bot.content.nlg import RENDER_KEY
from bot.conversations import errors
from bot.conversations.peer_relay import PeerDesk
from bot.conversations.rasa_client import WARM_UP_SENDER, RasaClient, RasaUnavailable
from bot.conversations.router import ConversationRouter
from bot.settings import ROOT
from bot.store.db import make_engine
from bot.store.models import Message
from tests.fakes import FakeRasa

# Port 9 (discard) has no listener here: the action server "is down".
ACTIONS_DOWN = "http://127.0.0.1:9/health"
SEARCH = "are there any groups in Wrexham next week"


@pytest.fixture
def fake_rasa(catalogue: ResponseCatalogue) -> FakeRasa:
    return FakeRasa(
        catalogue,
        {
            # A custom action that cannot run: Rasa carries on and says nothing.
            SEARCH: [],
            "dw i isio dod o hyd i grŵp cymorth": [],
            "i want to die": [],
            "what is peer support please": ["utter_peer_support/what_is"],
            "beth yw cymorth cymheiriaid os gwelwch yn dda": ["utter_peer_support/what_is"],
        },
    )


def make_router(
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    fake_rasa: FakeRasa,
    desk: PeerDesk,
    actions_health_url: str | None = ACTIONS_DOWN,
) -> ConversationRouter:
    rasa = RasaClient("http://rasa.test", transport=fake_rasa.transport())
    return ConversationRouter(
        sessions, catalogue, rasa, ROOT / "domain", desk, actions_health_url=actions_health_url
    )


@pytest.fixture
def router(
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    fake_rasa: FakeRasa,
    desk: PeerDesk,
) -> ConversationRouter:
    return make_router(sessions, catalogue, fake_rasa, desk)


def user_messages(sessions: Callable[[], Session], cid: str) -> list[Message]:
    with sessions() as session:
        return list(
            session.scalars(
                select(Message)
                .where(Message.conversation_id == cid, Message.sender == "user")
                .order_by(Message.seq)
            )
        )


# -- Rasa: one deadline, fail fast while down, warm up before people -------------------------


class FlakyRasa:
    """A Rasa that is `running`, `hanging` (accepts, never answers: SIGSTOP) or neither
    (nothing listening: stopped, crashed, or still loading its model)."""

    def __init__(self) -> None:
        self.running = True
        self.hanging = False
        self.senders: list[str] = []

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if not self.running:
            raise httpx.ConnectError("connection refused", request=request)
        if self.hanging:
            await asyncio.sleep(3600)
        if request.method == "GET":
            return httpx.Response(200, text="Hello from Rasa")
        self.senders.append(str(json.loads(request.content)["sender"]))
        return httpx.Response(200, json=[])

    def client(self) -> RasaClient:
        return RasaClient(
            "http://rasa.test",
            timeout_seconds=0.3,
            transport=httpx.MockTransport(self.handle),
            probe_interval_seconds=0.05,
        )


async def timed_failure(client: RasaClient, sender: str) -> float:
    started = time.monotonic()
    with pytest.raises(RasaUnavailable):
        await client.send(sender, "hello", {"language": "en"})
    return time.monotonic() - started


async def test_a_hung_rasa_costs_a_turn_one_deadline_and_the_next_turn_tries_again() -> None:
    rasa = FlakyRasa()
    client = rasa.client()
    try:
        rasa.hanging = True
        for sender in ("person-1", "person-2"):
            assert 0.25 < await timed_failure(client, sender) < 1.0
        assert not await client.healthy()
        # Only slow, not gone: the next turn is tried, and answered.
        rasa.hanging = False
        assert await client.send("person-3", "hello", {"language": "en"}) == []
        assert rasa.senders == ["person-3"]
    finally:
        await client.aclose()


async def test_turns_beyond_rasas_places_are_answered_at_once_and_never_reach_rasa() -> None:
    """Over capacity, extra turns must not queue at Rasa and make every answer late."""
    arrived: list[str] = []
    release = asyncio.Event()

    async def slow_rasa(request: httpx.Request) -> httpx.Response:
        arrived.append(str(json.loads(request.content)["sender"]))
        await release.wait()
        return httpx.Response(200, json=[{"text": "hello"}])

    client = RasaClient(
        "http://rasa.test",
        timeout_seconds=2.0,
        transport=httpx.MockTransport(slow_rasa),
        max_in_flight=1,
    )
    try:
        first = asyncio.create_task(client.send("person-1", "hello", {"language": "en"}))
        await asyncio.sleep(0.05)
        with pytest.raises(RasaUnavailable, match="busy"):
            await client.send("person-2", "hello", {"language": "en"})
        assert arrived == ["person-1"]  # the refused turn never reached Rasa
        release.set()
        assert await first == [{"text": "hello"}]
        # The place is free again: the next person's turn goes to Rasa and is answered.
        assert await client.send("person-3", "hello", {"language": "en"}) == [{"text": "hello"}]
        assert arrived == ["person-1", "person-3"]
    finally:
        await client.aclose()


async def test_a_stopped_rasa_fails_at_once_and_is_warmed_up_before_the_next_person() -> None:
    rasa = FlakyRasa()
    client = rasa.client()
    try:
        rasa.running = False
        await timed_failure(client, "person-1")
        assert await timed_failure(client, "person-2") < 0.1  # known down: no second try
        assert not await client.healthy()
        rasa.running = True  # loaded and listening again
        for _ in range(100):
            if client.available:
                break
            await asyncio.sleep(0.05)
        # Warmed up in a conversation of its own before any person's turn.
        assert rasa.senders == [WARM_UP_SENDER]
        assert await client.send("person-2", "hello", {"language": "en"}) == []
        assert await client.healthy()
    finally:
        await client.aclose()


async def test_rasa_stopping_while_the_first_probe_waits_still_recovers_when_it_returns() -> None:
    """Seen in the whole-stack fault test: the start-up probe was still between tries when a
    health check warmed Rasa up and a turn then found it stopped; when Rasa came back the
    probe found it 'already warm' and people were told 'trouble' until the web restarted."""
    rasa = FlakyRasa()
    rasa.running = False
    client = RasaClient(
        "http://rasa.test",
        timeout_seconds=0.3,
        transport=httpx.MockTransport(rasa.handle),
        probe_interval_seconds=0.5,
    )
    try:
        client.start_warming()
        await asyncio.sleep(0.05)  # the probe has found nothing and waits to try again
        rasa.running = True
        assert await client.healthy()  # the health check warms it up first
        rasa.running = False
        await timed_failure(client, "person-1")
        rasa.running = True
        for _ in range(100):
            if client.available:
                break
            await asyncio.sleep(0.05)
        assert await client.send("person-2", "hello", {"language": "en"}) == []
        assert await client.healthy()
    finally:
        await client.aclose()


async def test_when_rasa_is_down_the_person_is_told_in_both_languages_while_unknown(
    router: ConversationRouter, fake_rasa: FakeRasa
) -> None:
    cid = router.start().conversation_id
    fake_rasa.down = True
    turn = await router.handle(cid, text="hi")
    assert [m.lang for m in turn.messages] == ["cy", "en"]
    assert all("999" in m.text and "111" in m.text for m in turn.messages)
    assert turn.messages[-1].buttons[-1].payload == "/talk_to_person"


# -- the NLG endpoint down: the router renders what Rasa named ---------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "what is peer support please"),
        ("cy", "beth yw cymorth cymheiriaid os gwelwch yn dda"),
    ],
)
async def test_with_the_nlg_endpoint_down_answers_come_in_the_language_with_buttons(
    router: ConversationRouter,
    fake_rasa: FakeRasa,
    catalogue: ResponseCatalogue,
    language: str,
    text: str,
) -> None:
    cid = router.start(language=language).conversation_id  # type: ignore[arg-type]
    fake_rasa.nlg_down = True
    turn = await router.handle(cid, text=text)
    expected = catalogue.render("utter_peer_support/what_is", language)  # type: ignore[arg-type]
    # The answer, then (its first time) "Was this helpful?" in the same message.
    assert turn.messages[0].text.startswith(expected.text) and turn.messages[0].lang == language
    payloads = [
        b.payload for b in turn.messages[0].buttons if not b.payload.startswith("/rate_answer")
    ]
    assert payloads[: len(expected.buttons)] == [b.payload for b in expected.buttons]


async def test_with_the_nlg_endpoint_down_a_language_switch_answers_in_the_new_language(
    router: ConversationRouter, fake_rasa: FakeRasa
) -> None:
    cid = router.start(language="en").conversation_id
    fake_rasa.nlg_down = True
    turn = await router.handle(cid, payload='/choose_language{"language": "cy"}')
    assert turn.language == "cy" and [m.lang for m in turn.messages] == ["cy"]


def test_the_router_and_rasas_nlg_client_agree_on_the_render_key() -> None:
    # bot/nlu runs in Rasa's environment and cannot import bot.content.nlg.
    tree = ast.parse((ROOT / "bot" / "nlu" / "fallback_nlg.py").read_text())
    values = {
        node.targets[0].id: node.value.value  # type: ignore[attr-defined]
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
    }
    assert values["RENDER_KEY"] == RENDER_KEY


# -- the action server down: Rasa says nothing, the router says why ----------------------------


async def test_a_search_that_cannot_run_says_so_with_local_contacts_and_a_person(
    directory_database_url: str, fake_rasa: FakeRasa, desk: PeerDesk
) -> None:
    sessions = sessionmaker(make_engine(directory_database_url), expire_on_commit=False)
    catalogue = ResponseCatalogue(ROOT / "data", sessions)
    router = make_router(sessions, catalogue, fake_rasa, desk)
    cid = router.start(language="en").conversation_id
    turn = await router.handle(cid, text=SEARCH)
    (answer,) = turn.messages
    assert answer.key == "utter_directory_unavailable_contacts" and answer.lang == "en"
    assert "can't search" in answer.text and "North Wales Peer Network" in answer.text
    assert "999" in answer.text
    assert [b.payload for b in answer.buttons] == ["/talk_to_person"]


async def test_a_welsh_search_that_cannot_run_is_answered_in_welsh_without_a_place(
    router: ConversationRouter,
) -> None:
    cid = router.start(language="cy").conversation_id
    turn = await router.handle(cid, text="dw i isio dod o hyd i grŵp cymorth")
    (answer,) = turn.messages
    assert answer.key == "utter_directory_unavailable" and answer.lang == "cy"
    assert "alla i ddim chwilio" in answer.text and "999" in answer.text


async def test_risk_with_the_action_server_down_gets_the_crisis_response_only(
    router: ConversationRouter,
) -> None:
    cid = router.start(language="en").conversation_id
    turn = await router.handle(cid, text="i want to die")
    assert [m.key for m in turn.messages] == ["utter_crisis"]


async def test_a_language_choice_is_confirmed_even_if_rasas_action_cannot_run(
    router: ConversationRouter, fake_rasa: FakeRasa
) -> None:
    cid = router.start().conversation_id
    fake_rasa.answers['/choose_language{"language": "cy"}'] = []
    turn = await router.handle(cid, text="Cymraeg plis")
    assert turn.language == "cy" and turn.messages[0].key == "utter_language_chosen"


async def test_an_empty_turn_with_the_action_server_up_is_didnt_understand(
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    fake_rasa: FakeRasa,
    desk: PeerDesk,
) -> None:
    router = make_router(sessions, catalogue, fake_rasa, desk, actions_health_url=None)
    cid = router.start(language="en").conversation_id
    turn = await router.handle(cid, text=SEARCH)
    assert turn.messages[0].key == "utter_default"


# -- the database: nothing acknowledged that is not stored, nothing lost --------------------


class WriteLock:
    """Another process's write transaction on the SQLite file (BEGIN IMMEDIATE)."""

    def __init__(self, database_url: str) -> None:
        self.path = database_url.removeprefix("sqlite:///")
        self._release = threading.Event()
        self._held = threading.Event()
        self._thread: threading.Thread | None = None

    def hold(self) -> None:
        def run() -> None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("BEGIN IMMEDIATE")
            self._held.set()
            self._release.wait(30)
            conn.execute("ROLLBACK")
            conn.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        assert self._held.wait(10)

    def release(self) -> None:
        self._release.set()
        if self._thread is not None:
            self._thread.join(10)


@pytest.fixture
def quick_sessions(database_url: str) -> Iterator[Callable[[], Session]]:
    engine = make_engine(database_url, busy_timeout_seconds=0.3)
    yield sessionmaker(engine, expire_on_commit=False)
    engine.dispose()


@pytest.fixture
def locking_router(
    quick_sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    fake_rasa: FakeRasa,
    desk: PeerDesk,
) -> ConversationRouter:
    return make_router(quick_sessions, catalogue, fake_rasa, desk)


async def test_a_message_that_cannot_be_stored_is_refused_honestly_and_answered_when_resent(
    locking_router: ConversationRouter,
    database_url: str,
    sessions: Callable[[], Session],
    fake_rasa: FakeRasa,
) -> None:
    cid = locking_router.start(language="cy").conversation_id
    lock = WriteLock(database_url)
    lock.hold()
    try:
        with pytest.raises(errors.StorageUnavailable) as refused:
            await locking_router.handle(cid, text="dw i isio lladd fy hun", client_message_id="m1")
        assert refused.value.language == "cy"
        assert user_messages(sessions, cid) == []  # not stored, so not acknowledged
    finally:
        lock.release()
    turn = await locking_router.handle(cid, text="dw i isio lladd fy hun", client_message_id="m1")
    assert turn.messages[0].key == "utter_crisis" and turn.messages[0].lang == "cy"
    assert [m.text for m in user_messages(sessions, cid)] == ["dw i isio lladd fy hun"]


async def test_replies_that_cannot_be_stored_are_given_when_the_message_is_sent_again(
    locking_router: ConversationRouter,
    database_url: str,
    sessions: Callable[[], Session],
    fake_rasa: FakeRasa,
) -> None:
    cid = locking_router.start(language="en").conversation_id
    lock = WriteLock(database_url)
    fake_rasa.during_turn = lock.hold  # the database goes while Rasa thinks
    try:
        with pytest.raises(errors.StorageUnavailable):
            await locking_router.handle(
                cid, text="what is peer support please", client_message_id="m1"
            )
    finally:
        fake_rasa.during_turn = None
        lock.release()
    (kept,) = user_messages(sessions, cid)
    assert kept.reply_to_seq is None  # the person's words are kept, unanswered
    turn = await locking_router.handle(
        cid, text="what is peer support please", client_message_id="m1"
    )
    assert turn.messages[0].key == "utter_peer_support/what_is"
    (kept,) = user_messages(sessions, cid)
    assert kept.reply_to_seq == turn.messages[-1].seq
    again = await locking_router.handle(
        cid, text="what is peer support please", client_message_id="m1"
    )
    assert [m.text for m in again.messages] == [m.text for m in turn.messages]
    assert len(fake_rasa.received) == 2  # asked again once, then replayed from the database


async def test_a_write_waiting_on_a_lock_does_not_hold_up_other_conversations(
    database_url: str, catalogue: ResponseCatalogue, fake_rasa: FakeRasa, desk: PeerDesk
) -> None:
    engine = make_engine(database_url, busy_timeout_seconds=1.0)
    router = make_router(sessionmaker(engine, expire_on_commit=False), catalogue, fake_rasa, desk)
    cid = router.start(language="en").conversation_id
    lock = WriteLock(database_url)
    lock.hold()
    try:
        waiting = asyncio.create_task(router.handle(cid, text="hello"))
        started = time.monotonic()
        await asyncio.sleep(0.05)
        # The event loop (every other conversation, every socket) was free meanwhile,
        # not stuck for the second the write waits.
        assert time.monotonic() - started < 0.5
        with pytest.raises(errors.StorageUnavailable):
            await waiting
    finally:
        lock.release()
        engine.dispose()


async def test_an_unreadable_database_is_a_storage_error_with_the_crisis_numbers(
    tmp_path: Path, fake_rasa: FakeRasa, desk: PeerDesk
) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database " * 200)
    sessions = sessionmaker(make_engine(f"sqlite:///{broken}"), expire_on_commit=False)
    catalogue = ResponseCatalogue(ROOT / "data", sessions)
    router = make_router(sessions, catalogue, fake_rasa, desk)
    with pytest.raises(errors.StorageUnavailable) as refused:
        router.start()
    with pytest.raises(errors.StorageUnavailable):
        await router.handle("some-conversation", text="help")
    # The error is rendered from the packaged text and the fallback crisis lines.
    messages = catalogue.render_for(refused.value.key, refused.value.language)
    assert [m.lang for m in messages] == ["cy", "en"]
    assert all("999" in m.text and "111" in m.text for m in messages)


async def test_messages_stored_while_the_database_flickers_are_each_kept_once(
    locking_router: ConversationRouter, database_url: str, sessions: Callable[[], Session]
) -> None:
    cid = locking_router.start(language="en").conversation_id
    lock = WriteLock(database_url)
    for n in range(3):
        if n == 1:
            lock.hold()
        try:
            await locking_router.handle(cid, text=f"message {n}", client_message_id=f"m{n}")
        except errors.StorageUnavailable:
            lock.release()
            # The widget sends it again with the same id once the database answers.
            await locking_router.handle(cid, text=f"message {n}", client_message_id=f"m{n}")
    with sessions() as session:
        count = session.scalar(
            select(func.count()).where(Message.conversation_id == cid, Message.sender == "user")
        )
    assert count == 3
    assert [m.text for m in user_messages(sessions, cid)] == ["message 0", "message 1", "message 2"]
