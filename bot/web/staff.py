"""The peer supporters' screens: the live inbox and the contact requests.

The inbox page is a thin shell; its script talks to `/admin/ws`, a websocket that carries
the queue, claims and the live chat. The socket uses the same session cookie as the pages,
refuses other origins, and closes (4401) as soon as the session ends: signed out, idle,
expired, or the account deactivated. An open inbox counts as activity for the session.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.conversations import contact, handoff
from bot.conversations.events import INBOX, forward_until_done, staff_channel
from bot.conversations.messages import as_chat
from bot.conversations.peer_relay import PeerDesk, chat_channel
from bot.staff import audit
from bot.staff.availability import WALES, can_take_chats, open_organisations
from bot.store.models import (
    CallbackRequest,
    Conversation,
    HandoffRequest,
    Message,
    StaffAccount,
    as_utc,
)
from bot.web.staff_kit import (
    ADMIN_ROOT,
    COOKIE,
    NavLink,
    SocketVisit,
    StaffKit,
    Visit,
    same_origin,
)
from bot.yaml_files import read_yaml

log = logging.getLogger(__name__)
MAX_FRAME_BYTES = 16 * 1024
HEARTBEAT_SECONDS = 15
INBOX_PERMISSION = "peer.inbox"
NAV = (
    NavLink(INBOX_PERMISSION, f"{ADMIN_ROOT}/inbox", "inbox", "inbox_intro"),
    NavLink(INBOX_PERMISSION, f"{ADMIN_ROOT}/callbacks", "callbacks", "callbacks_intro"),
)


def load_quick_replies(data_dir: Path) -> list[dict[str, str]]:
    doc = read_yaml(data_dir / "peer" / "quick_replies.yml")
    return [
        {"key": str(q["key"]), "cy": str(q["cy"]), "en": str(q["en"])}
        for q in doc.get("quick_replies", [])
    ]


def routes(kit: StaffKit, desk: PeerDesk, data_dir: Path) -> APIRouter:
    api = kit.router()
    supporter = kit.allow(INBOX_PERMISSION)
    supporter_socket = kit.allow_socket(INBOX_PERMISSION)
    quick_replies = load_quick_replies(data_dir)
    sessions = kit.sessions

    @api.get(f"{ADMIN_ROOT}/inbox", response_model=None)
    async def inbox(visit: Visit = supporter) -> Response:
        me = visit.signed_in
        return kit.page(
            visit,
            "inbox.html",
            me={"id": me.id, "name": me.display_name, "on_duty": me.on_duty},
            quick_replies=quick_replies,
        )

    @api.get(f"{ADMIN_ROOT}/callbacks", response_model=None)
    async def callbacks(visit: Visit = supporter) -> Response:
        me = visit.signed_in
        with sessions() as session:
            rows = session.scalars(
                select(CallbackRequest)
                .where(CallbackRequest.status == "open")
                .order_by(CallbackRequest.urgent.desc(), CallbackRequest.created_at)
            ).all()
            items = [
                {
                    "id": r.id,
                    "language": r.language,
                    "method": r.method,
                    "contact": contact.unseal(r.contact_encrypted) or "",
                    "urgent": r.urgent,
                    "created_at": _local(r.created_at),
                }
                for r in rows
                if r.language in me.languages
            ]
        return kit.page(visit, "callbacks.html", items=items)

    @api.post(f"{ADMIN_ROOT}/callbacks/{{callback_id:int}}/done", response_model=None)
    async def callback_done(callback_id: int, visit: Visit = supporter) -> Response:
        me = visit.signed_in
        with sessions() as session, session.begin():
            # Done means contacted: the contact details are deleted, the fact is kept.
            done = session.execute(
                update(CallbackRequest)
                .where(CallbackRequest.id == callback_id, CallbackRequest.status == "open")
                .values(
                    status="done",
                    handled_by=me.id,
                    handled_at=desk.now(),
                    contact_encrypted=None,
                )
            )
            if done.rowcount:  # type: ignore[attr-defined]
                audit.record(
                    session,
                    actor=me.id,
                    action="callback_done",
                    subject=audit.subject_for("callback", callback_id),
                    before={"status": "open"},
                    after={"status": "done"},
                )
        return kit.redirect(visit, f"{ADMIN_ROOT}/callbacks?lang={visit.language}")

    @api.websocket(f"{ADMIN_ROOT}/ws")
    async def staff_socket(websocket: WebSocket, visit: SocketVisit = supporter_socket) -> None:
        if not same_origin(websocket):
            await websocket.close(code=4403)
            return
        staff = visit.staff
        if staff is None or not visit.allowed:
            await websocket.close(code=4401 if staff is None else 4403)
            return
        await websocket.accept()
        token = websocket.cookies.get(COOKIE)
        inbox = StaffInbox(
            websocket,
            staff.id,
            sessions,
            desk,
            quick_replies,
            session_alive=lambda: kit.still_allowed(token, INBOX_PERMISSION),
        )
        await inbox.run()

    # The inbox used to live under /staff; old bookmarks still arrive.
    for old, new in (("/staff/inbox", "inbox"), ("/staff/callbacks", "callbacks")):
        api.add_api_route(old, _moved(f"{ADMIN_ROOT}/{new}"), methods=["GET"], response_model=None)

    return api


def _moved(target: str) -> Callable[[Request], Any]:
    async def moved(request: Request) -> Response:
        query = request.url.query
        return RedirectResponse(target + (f"?{query}" if query else ""), status_code=301)

    return moved


class StaffInbox:
    """One supporter's open inbox: queue updates in, claims and chat out."""

    def __init__(
        self,
        websocket: WebSocket,
        staff_id: int,
        sessions: Callable[[], Session],
        desk: PeerDesk,
        quick_replies: list[dict[str, str]],
        session_alive: Callable[[], bool] = lambda: True,
    ) -> None:
        self.ws = websocket
        self.staff_id = staff_id
        self.sessions = sessions
        self.desk = desk
        self.quick_replies = quick_replies
        self.session_alive = session_alive

    async def run(self) -> None:
        desk = self.desk
        await asyncio.to_thread(desk.heartbeat, self.staff_id)
        async with desk.hub.subscribe(INBOX, staff_channel(self.staff_id)) as queue:
            self.queue = queue
            # Chats this supporter already has (after a reconnect or a restart) reopen.
            with self.sessions() as session:
                mine = [r.id for r in handoff.active_with(session, self.staff_id)]
            for request_id in mine:
                await self.open_chat(request_id)
            await self.send_queue()
            reader = asyncio.create_task(self.read())
            beat = asyncio.create_task(self.beat())
            try:
                await forward_until_done(queue, reader, self.forward)
            except (WebSocketDisconnect, RuntimeError):
                pass
            finally:
                reader.cancel()
                beat.cancel()

    async def beat(self) -> None:
        # Well inside the presence window, so an open inbox never looks absent.
        interval = min(HEARTBEAT_SECONDS, self.desk.settings.peer_presence_seconds / 3)
        while True:
            await asyncio.sleep(interval)
            # The same check as every page: an ended session closes the inbox too (the page
            # then goes to the sign-in screen). Checking also keeps a live inbox's session.
            if not await asyncio.to_thread(self.session_alive):
                await self.ws.close(code=4401)
                return
            await asyncio.to_thread(self.desk.heartbeat, self.staff_id)

    async def forward(self, event: dict[str, Any]) -> None:
        channel = str(event.pop("channel", ""))
        kind = event.get("type")
        if channel == INBOX:
            if kind in ("queue_changed", "callbacks_changed"):
                await self.send_queue()
            return
        if kind == "assigned":
            await self.open_chat(int(event["request_id"]))
            await self.send_queue()
            return
        if kind == "released":
            await self.ws.send_json(event)
            await self.send_queue()
            return
        if channel.startswith("conversation:"):
            event["conversation_id"] = channel.removeprefix("conversation:")
        await self.ws.send_json(event)

    async def read(self) -> None:
        while True:
            try:
                raw = await self.ws.receive_text()
            except (WebSocketDisconnect, RuntimeError):
                return
            if len(raw) > MAX_FRAME_BYTES:
                await self.ws.send_json({"type": "error", "code": "too_long"})
                continue
            try:
                frame = json.loads(raw)
            except ValueError:
                await self.ws.send_json({"type": "error", "code": "invalid_json"})
                continue
            if not isinstance(frame, dict):
                continue
            try:
                await self.handle(frame)
            except (KeyError, TypeError, ValueError):
                await self.ws.send_json({"type": "error", "code": "invalid_request"})
            except SQLAlchemyError:
                # The database is briefly unavailable: nothing was stored, so the supporter
                # must be told (their message stays in the box, marked not sent) rather than
                # the socket dying and the message vanishing without a word.
                log.warning("inbox action failed: database unavailable", exc_info=True)
                await self.storage_unavailable(frame)

    async def handle(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        desk = self.desk
        request_id = int(frame["request_id"]) if "request_id" in frame else 0
        if kind == "ping":
            await asyncio.to_thread(desk.heartbeat, self.staff_id)
            await self.ws.send_json({"type": "pong"})
        elif kind == "duty":
            await asyncio.to_thread(self.set_duty, bool(frame.get("on")))
            await self.send_queue()
        elif kind == "claim":
            result = await desk.claim(self.staff_id, request_id)
            await self.ws.send_json(
                {"type": "claim_result", "request_id": request_id, "won": result.won}
            )
            if result.won:
                await self.open_chat(request_id)
        elif kind == "open":
            await self.open_chat(request_id)
        elif kind == "send":
            event = await desk.send(self.staff_id, request_id, str(frame.get("text", "")))
            await self.ws.send_json(
                {
                    "type": "send_result",
                    "request_id": request_id,
                    "client_id": frame.get("client_id"),
                    "ok": event is not None,
                    "seq": event.get("seq") if event else None,
                }
            )
        elif kind == "typing":
            await desk.typing(self.staff_id, request_id)
        elif kind == "end":
            ok = await desk.end(self.staff_id, request_id, str(frame.get("note") or "") or None)
            await self.ws.send_json({"type": "end_result", "request_id": request_id, "ok": ok})
            await self.send_queue()
        elif kind == "transfer":
            ok = await desk.transfer(self.staff_id, request_id, int(frame["to"]))
            await self.ws.send_json({"type": "transfer_result", "request_id": request_id, "ok": ok})
            await self.send_queue()
        elif kind == "flag":
            ok = await desk.flag_concern(self.staff_id, request_id, str(frame.get("note") or ""))
            await self.ws.send_json({"type": "flag_result", "request_id": request_id, "ok": ok})
        else:
            await self.ws.send_json({"type": "error", "code": "unknown_type"})

    async def storage_unavailable(self, frame: dict[str, Any]) -> None:
        if frame.get("type") == "send":
            await self.ws.send_json(
                {
                    "type": "send_result",
                    "request_id": frame.get("request_id"),
                    "client_id": frame.get("client_id"),
                    "ok": False,
                    "reason": "storage_unavailable",
                }
            )
        else:
            await self.ws.send_json({"type": "error", "code": "storage_unavailable"})

    def set_duty(self, on: bool) -> None:
        with self.sessions() as session, session.begin():
            session.execute(
                update(StaffAccount).where(StaffAccount.id == self.staff_id).values(on_duty=on)
            )
        log.info("duty changed", extra={"event": f"staff:{self.staff_id}:{'on' if on else 'off'}"})

    async def open_chat(self, request_id: int) -> None:
        """Send the conversation so far and follow it live."""
        with self.sessions() as session:
            request = session.get(HandoffRequest, request_id)
            if (
                request is None
                or request.supporter_id != self.staff_id
                or request.status != "active"
            ):
                return
            messages = [
                {
                    **as_chat(m).as_dict(),
                    "delivered": m.delivered_at is not None,
                    "while_waiting": m.sender == "user" and m.seq > request.asked_seq,
                }
                for m in session.scalars(
                    select(Message)
                    .where(Message.conversation_id == request.conversation_id)
                    .order_by(Message.seq)
                )
            ]
            conversation = session.get(Conversation, request.conversation_id)
            body = {
                "type": "chat",
                "request_id": request.id,
                "conversation_id": request.conversation_id,
                "language": conversation.language if conversation else request.language,
                "urgent": request.urgent,
                "topics": request.topic_summary,
                "messages": messages,
            }
            conversation_id = request.conversation_id
        self.desk.hub.attach(self.queue, chat_channel(conversation_id))
        await self.ws.send_json(body)

    async def send_queue(self) -> None:
        with self.sessions() as session:
            me = session.get(StaffAccount, self.staff_id)
            if me is None:
                return
            now = self.desk.now()
            waiting = [
                {
                    "request_id": r.id,
                    "conversation_id": r.conversation_id,
                    "language": r.language,
                    "accepts_english": r.accepts_english,
                    "urgent": r.urgent,
                    "topics": r.topic_summary,
                    "waiting_since": _local(r.queued_at),
                    "waiting_seconds": int((now - as_utc(r.queued_at)).total_seconds()),
                }
                for r in handoff.queue_for(session, me)
            ]
            mine = [
                {"request_id": r.id, "conversation_id": r.conversation_id, "language": r.language}
                for r in handoff.active_with(session, self.staff_id)
            ]
            open_now, with_hours = open_organisations(session, now)
            colleagues = [
                {"id": s.id, "name": s.display_name, "languages": s.languages}
                for s in session.scalars(
                    select(StaffAccount).where(
                        StaffAccount.on_duty.is_(True), StaffAccount.id != self.staff_id
                    )
                )
                if can_take_chats(
                    s, now, self.desk.settings.peer_presence_seconds, open_now, with_hours
                )
            ]
            open_callbacks = session.scalar(
                select(func.count(CallbackRequest.id)).where(CallbackRequest.status == "open")
            )
            body = {
                "type": "queue",
                "on_duty": me.on_duty,
                "waiting": waiting,
                "mine": mine,
                "colleagues": colleagues,
                "open_callbacks": int(open_callbacks or 0),
            }
        await self.ws.send_json(body)


def _local(moment: datetime) -> str:
    return as_utc(moment).astimezone(WALES).strftime("%Y-%m-%d %H:%M")
