"""Erasure on request mid peer chat: the supporter is told, the concern stays detached."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversations.peer_relay import PeerDesk, chat_channel
from bot.conversations.router import ConversationRouter
from bot.privacy.erasure import forget_conversation
from bot.settings import Settings
from bot.store.models import (
    AuditEvent,
    Conversation,
    HandoffRequest,
    Message,
    SafeguardingConcern,
    UsageDaily,
)
from tests.privacy.test_rasa_tracker import rasa
from tests.router.test_handoff import Clock, add_supporter


async def test_forgetting_during_a_peer_chat_ends_it_and_keeps_only_the_detached_concern(
    router: ConversationRouter,
    peer_desk: PeerDesk,
    sessions: Callable[[], Session],
    settings: Settings,
    clock: Clock,
) -> None:
    sian = add_supporter(sessions, "sian", ["en"], clock)
    cid = router.start(language="en").conversation_id
    await router.handle(cid, payload="/talk_to_person")
    with sessions() as session:
        request_id = session.scalars(select(HandoffRequest.id)).one()
    await peer_desk.claim(sian, request_id)
    await router.handle(cid, text="my email is alys@example.org")
    assert await peer_desk.flag_concern(sian, request_id, "She wrote alys@example.org; worried.")

    async with peer_desk.hub.subscribe(chat_channel(cid)) as supporter_screen:
        assert await forget_conversation(router, sessions, settings, cid)
        events = []
        while not supporter_screen.empty():
            events.append(supporter_screen.get_nowait())
    # The supporter's screen heard that the chat ended before it went.
    assert any(e.get("type") == "ended" for e in events), events

    with sessions() as session:
        assert session.get(Conversation, cid) is None
        assert session.scalars(select(Message).where(Message.conversation_id == cid)).all() == []
        concern = session.scalars(select(SafeguardingConcern)).one()
        assert (concern.conversation_id, concern.handoff_id) == (None, None)
        assert concern.note == "She wrote [email]; worried." and concern.raised_by == sian
        day = session.scalars(select(UsageDaily)).one()
        assert (day.conversations, day.handoffs, day.peer_chats, day.erased_on_request) == (
            1,
            1,
            1,
            1,
        )
        assert "conversation_forgotten" in session.scalars(select(AuditEvent.action)).all()
    # Again: nothing to erase, nothing counted twice.
    assert not await forget_conversation(router, sessions, settings, cid)


async def test_forgetting_erases_what_rasa_remembers_of_the_conversation(
    router: ConversationRouter,
    sessions: Callable[[], Session],
    settings: Settings,
    tracker_store_url: str,
) -> None:
    cid = router.start(language="en").conversation_id
    other = router.start(language="cy").conversation_id
    now = time.time()
    rasa(
        "write",
        tracker_store_url,
        json.dumps({cid: [["user", "i feel awful", now]], other: [["user", "helo", now]]}),
    )

    assert await forget_conversation(router, sessions, settings, cid)

    after = rasa("read", tracker_store_url, cid, other)
    assert after[cid] is None
    assert [text for _, text, _ in after[other]] == ["helo"]
