"""Staff screens: sign in, the live peer inbox, contact requests.

The inbox page is a thin shell; its script talks to `/staff/ws`, a websocket that carries
the queue, claims and the live chat. Sign-in is a cookie holding a random token (see
bot/staff/accounts.py), SameSite=Strict and HttpOnly; state-changing requests also check
that Origin, when sent, is this site, and the websocket refuses other origins.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml
from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.conversations import contact, handoff
from bot.conversations.events import INBOX, forward_until_done, staff_channel
from bot.conversations.messages import as_chat
from bot.conversations.peer_relay import PeerDesk, chat_channel
from bot.staff.accounts import account_for_token, authenticate, close_session, open_session
from bot.staff.availability import PEER_ROLE, WALES, can_take_chats, open_organisations
from bot.store.models import (
    CallbackRequest,
    Conversation,
    HandoffRequest,
    Message,
    StaffAccount,
    as_utc,
)
from bot.web.staff_text import texts_for

log = logging.getLogger(__name__)
COOKIE = "cymar_staff"
TEMPLATES = Path(__file__).parent / "templates"
MAX_FORM_BYTES = 8 * 1024
MAX_FRAME_BYTES = 16 * 1024
HEARTBEAT_SECONDS = 15


def load_quick_replies(data_dir: Path) -> list[dict[str, str]]:
    doc = yaml.safe_load((data_dir / "peer" / "quick_replies.yml").read_text(encoding="utf-8"))
    return [
        {"key": str(q["key"]), "cy": str(q["cy"]), "en": str(q["en"])}
        for q in doc.get("quick_replies", [])
    ]


def staff_routes(
    sessions: Callable[[], Session], desk: PeerDesk, data_dir: Path, secure_cookies: bool
) -> APIRouter:
    api = APIRouter()
    templates = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"])
    )
    quick_replies = load_quick_replies(data_dir)

    def page(name: str, language: str, **context: Any) -> HTMLResponse:
        template = templates.get_template(name)
        html = template.render(t=texts_for(language), lang=language, **context)
        return HTMLResponse(
            html,
            headers={
                "Content-Security-Policy": "default-src 'self'; connect-src 'self'; "
                "frame-ancestors 'none'; form-action 'self'",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "same-origin",
                "Cache-Control": "no-store",
            },
        )

    def current(request: Request) -> StaffAccount | None:
        with sessions() as session:
            return account_for_token(session, request.cookies.get(COOKIE))

    def chosen_language(request: Request, account: StaffAccount | None) -> str:
        asked = request.query_params.get("lang")
        if asked in ("cy", "en"):
            return asked
        if account is not None:
            return account.ui_language
        return (
            request.cookies.get("cymar_lang", "cy")
            if request.cookies.get("cymar_lang") in ("cy", "en")
            else "cy"
        )

    def same_origin(request: Request) -> bool:
        origin = request.headers.get("origin")
        return origin is None or urlsplit(origin).netloc == request.headers.get("host")

    @api.get("/staff/login", response_class=HTMLResponse)
    async def login_form(request: Request) -> HTMLResponse:
        return page("login.html", chosen_language(request, None), error=None)

    @api.post("/staff/login", response_model=None)
    async def login(request: Request) -> Response:
        language = chosen_language(request, None)
        raw = await request.body()
        form = parse_qs(raw[:MAX_FORM_BYTES].decode("utf-8", "replace"))
        username = (form.get("username") or [""])[0]
        password = (form.get("password") or [""])[0]
        if not same_origin(request):
            return page("login.html", language, error="bad_login")
        with sessions() as session, session.begin():
            account = await asyncio.to_thread(authenticate, session, username, password)
            if account is None:
                log.info("staff sign-in refused")
                refused = page("login.html", language, error="bad_login")
                refused.status_code = 401
                return refused
            token = open_session(session, account)
            staff_id = account.id
        log.info("staff signed in", extra={"event": f"staff:{staff_id}"})
        response = RedirectResponse(f"/staff/inbox?lang={language}", status_code=303)
        response.set_cookie(
            COOKIE, token, httponly=True, samesite="strict", secure=secure_cookies, path="/staff"
        )
        return response

    @api.post("/staff/logout", response_model=None)
    async def logout(request: Request) -> Response:
        if same_origin(request):
            with sessions() as session, session.begin():
                close_session(session, request.cookies.get(COOKIE))
        response = RedirectResponse("/staff/login", status_code=303)
        response.delete_cookie(COOKIE, path="/staff")
        return response

    @api.get("/staff/inbox", response_model=None)
    async def inbox(request: Request) -> Response:
        account = current(request)
        if account is None:
            return RedirectResponse("/staff/login", status_code=303)
        language = chosen_language(request, account)
        if PEER_ROLE not in (account.roles or []):
            response = page("login.html", language, error="not_allowed")
            response.status_code = 403
            return response
        return page(
            "inbox.html",
            language,
            me={"id": account.id, "name": account.display_name, "on_duty": account.on_duty},
            quick_replies=quick_replies,
        )

    @api.get("/staff/callbacks", response_model=None)
    async def callbacks(request: Request) -> Response:
        account = current(request)
        if account is None:
            return RedirectResponse("/staff/login", status_code=303)
        language = chosen_language(request, account)
        if PEER_ROLE not in (account.roles or []):
            return page("login.html", language, error="not_allowed")
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
                if r.language in (account.languages or [])
            ]
        return page("callbacks.html", language, items=items)

    @api.post("/staff/callbacks/{callback_id}/done", response_model=None)
    async def callback_done(callback_id: int, request: Request) -> Response:
        account = current(request)
        if account is None or not same_origin(request):
            return RedirectResponse("/staff/login", status_code=303)
        with sessions() as session, session.begin():
            # Done means contacted: the contact details are deleted, the fact is kept.
            session.execute(
                update(CallbackRequest)
                .where(CallbackRequest.id == callback_id, CallbackRequest.status == "open")
                .values(
                    status="done",
                    handled_by=account.id,
                    handled_at=desk.now(),
                    contact_encrypted=None,
                )
            )
        return RedirectResponse("/staff/callbacks", status_code=303)

    @api.websocket("/staff/ws")
    async def staff_socket(websocket: WebSocket) -> None:
        origin = websocket.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != websocket.headers.get("host"):
            await websocket.close(code=4403)
            return
        with sessions() as session:
            account = account_for_token(session, websocket.cookies.get(COOKIE))
            if account is None or PEER_ROLE not in (account.roles or []):
                account = None
            staff_id = account.id if account else 0
        if account is None:
            await websocket.close(code=4401)
            return
        await websocket.accept()
        inbox = StaffInbox(websocket, staff_id, sessions, desk, quick_replies)
        await inbox.run()

    return api


class StaffInbox:
    """One supporter's open inbox: queue updates in, claims and chat out."""

    def __init__(
        self,
        websocket: WebSocket,
        staff_id: int,
        sessions: Callable[[], Session],
        desk: PeerDesk,
        quick_replies: list[dict[str, str]],
    ) -> None:
        self.ws = websocket
        self.staff_id = staff_id
        self.sessions = sessions
        self.desk = desk
        self.quick_replies = quick_replies

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
