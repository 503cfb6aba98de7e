"""A person's live stream when its instance's Redis link drops: the socket closes, so the
widget reconnects and reads what it missed from the database (nothing is lost)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from bot.content.catalogue import ResponseCatalogue
from bot.ops.stack import LOCAL_REDIS
from bot.settings import Settings
from bot.web.app import create_app
from tests.fakes import FakeRasa
from tests.scale.test_redis_events import kill_pubsub_connections


def test_a_dropped_redis_link_closes_the_stream_and_the_reconnect_catches_up(
    settings: Settings, catalogue: ResponseCatalogue, redis_prefix: str
) -> None:
    scaled = settings.model_copy(
        update={"redis_url": LOCAL_REDIS, "redis_key_prefix": redis_prefix}
    )
    with TestClient(create_app(scaled, FakeRasa(catalogue, {}).transport())) as client:
        cid = client.post("/api/conversations", json={"language": "en"}).json()["conversation_id"]
        with client.websocket_connect(f"/api/conversations/{cid}/stream") as stream:
            first = stream.receive_json()
            assert first["type"] == "message" and first["seq"] == 1
            assert stream.receive_json() == {"type": "state", "state": "bot"}
            assert kill_pubsub_connections(redis_prefix) >= 1
            with pytest.raises(WebSocketDisconnect):
                stream.receive_json()
        # Reconnecting after the last seq it had: what was stored meanwhile arrives.
        client.post(f"/api/conversations/{cid}/messages", json={"payload": "/talk_to_person"})
        with client.websocket_connect(f"/api/conversations/{cid}/stream?after_seq=1") as stream:
            caught_up = stream.receive_json()
            assert caught_up["type"] == "message" and caught_up["seq"] == 2
