"""The person's live stream: messages that arrive later (a peer supporter's replies).

`GET /api/conversations/{id}/stream?after_seq=N` (websocket). The server first sends what
the person has not seen (stored messages after N), then live events. A screen that drops
reconnects with its last seq and misses nothing: events only point at stored messages.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from bot.conversations import errors
from bot.conversations.events import forward_until_done
from bot.conversations.peer_relay import PeerDesk, person_channel
from bot.conversations.router import ConversationRouter

log = logging.getLogger(__name__)
MAX_FRAME_BYTES = 4096


def person_stream_routes(router: ConversationRouter, desk: PeerDesk) -> APIRouter:
    api = APIRouter()

    @api.websocket("/api/conversations/{conversation_id}/stream")
    async def stream(websocket: WebSocket, conversation_id: str) -> None:
        try:
            after = max(0, int(websocket.query_params.get("after_seq", "0")))
        except ValueError:
            after = 0
        await websocket.accept()
        # Follow the live events first, then read what is stored: with several web
        # instances an event can come from another one at any moment, and this order
        # leaves no gap between the two (a message in both is sent once, by its seq).
        async with desk.hub.subscribe(person_channel(conversation_id)) as queue:
            try:
                turn = router.get(conversation_id, after_seq=after)
            except errors.ConversationNotFound:
                await websocket.close(code=4404)
                return
            last = after
            sent: set[int] = set()
            for message in turn.messages:
                await websocket.send_json({"type": "message", **message.as_dict()})
                last = max(last, message.seq or 0)
                sent.add(message.seq or 0)
            await websocket.send_json({"type": "state", "state": turn.state})
            await desk.mark_seen(conversation_id, last)
            reader = asyncio.create_task(_read(websocket, desk, conversation_id))

            async def send(event: dict[str, Any]) -> None:
                event.pop("channel", None)
                seq = event.get("seq") if event.get("type") == "message" else None
                if isinstance(seq, int):
                    # Events from other instances need not arrive in seq order, so skip
                    # only what this socket has already sent.
                    if seq in sent:
                        return
                    sent.add(seq)
                await websocket.send_json(event)

            try:
                await forward_until_done(queue, reader, send)
                if not reader.done():
                    # The hub may have missed events (its Redis link dropped): "service
                    # restart, try again", and the widget reconnects and reads the database.
                    await websocket.close(code=1012)
            except (WebSocketDisconnect, RuntimeError):
                pass
            finally:
                reader.cancel()

    return api


async def _read(websocket: WebSocket, desk: PeerDesk, conversation_id: str) -> None:
    """Frames from the person's screen: typing, and "I have seen up to seq N"."""
    while True:
        try:
            raw = await websocket.receive_text()
        except (WebSocketDisconnect, RuntimeError):
            return
        if len(raw) > MAX_FRAME_BYTES:
            continue
        try:
            frame: Any = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(frame, dict):
            continue
        if frame.get("type") == "typing":
            await desk.person_typing(conversation_id)
        elif frame.get("type") == "seen" and isinstance(frame.get("seq"), int):
            await desk.mark_seen(conversation_id, frame["seq"])
