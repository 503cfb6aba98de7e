"""The public surface's guards, as ASGI middleware around the whole web app.

- Request size: a body over its route's limit is refused (413) without being read when it
  declares its length, and as soon as it passes the limit when it does not.
- Origins: a browser request from another site is refused unless that site is in
  WIDGET_ALLOWED_ORIGINS (and then only for /api); allowed sites get CORS headers.
  Cymar's own pages are always allowed. Requests without an Origin (servers, curl,
  Telegram) are not browsers acting for someone and pass.
- Rate limits per client address for /api (bot/web/ratelimit.py); the message route adds a
  per-conversation limit itself, because it must first see whether the message shows risk.
- Security headers on every response (routes that set their own keep them).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.conversations import errors
from bot.web.ratelimit import Limiter, retry_after_header

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
JSON_LIMIT = 64 * 1024
# Paths never rate limited: the crisis numbers ("Get help now") must always load, deleting
# must always work, and monitoring polls health.
UNLIMITED_PATHS = ("/api/crisis-lines", "/api/health")
# The default policy for every response that does not set its own (JSON, the staff pages).
DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# FastAPI's Swagger UI page loads its script and styles from a CDN and starts with an inline
# script; it shows no personal data, so it alone gets a looser policy.
DOCS_CSP = (
    "default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
    "style-src https://cdn.jsdelivr.net; img-src https://fastapi.tiangolo.com data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

ErrorResponse = Callable[[errors.ConversationError], Response]


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class OriginPolicy:
    """Which browser origins may use which paths."""

    def __init__(self, allowed: tuple[str, ...]) -> None:
        self.any = "*" in allowed
        self.allowed = frozenset(origin for origin in allowed if origin != "*")

    def is_self(self, origin: str, host: str | None) -> bool:
        return host is not None and urlsplit(origin).netloc.lower() == host.lower()

    def may_embed(self, origin: str) -> bool:
        return self.any or origin in self.allowed

    def admits(self, origin: str | None, host: str | None, path: str) -> bool:
        if origin is None or self.is_self(origin, host):
            return True
        return path.startswith(API_PREFIX) and self.may_embed(origin)

    def frame_ancestors(self) -> str:
        """The CSP frame-ancestors value for the embeddable chat page."""
        if self.any:
            return "*"
        return " ".join(["'self'", *sorted(self.allowed)])


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def per_address_limit_applies(address: str) -> bool:
    """Not for this machine itself: behind a reverse proxy that does not pass the client's
    address (X-Forwarded-For, trusted through uvicorn's FORWARDED_ALLOW_IPS), every person
    would share the proxy's loopback address and one budget. Better no per-address limit
    than turning everyone away; the per-conversation limit still holds."""
    try:
        return not ipaddress.ip_address(address).is_loopback
    except ValueError:
        return True


class SurfaceGuard:
    """Size limits, origin checks and per-address rate limits, before any route runs."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        origins: OriginPolicy,
        limiter: Limiter,
        client_burst: int,
        client_per_minute: float,
        body_limits: dict[str, int],
        error_response: ErrorResponse,
    ) -> None:
        self.app = app
        self.origins = origins
        self.limiter = limiter
        self.client_burst = client_burst
        self.client_per_minute = client_per_minute
        self.body_limits = body_limits
        self.error_response = error_response

    def body_limit(self, path: str) -> int:
        return self.body_limits.get(path, JSON_LIMIT)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        origin = header(scope, b"origin")
        if not self.origins.admits(origin, header(scope, b"host"), path):
            log.info("request from a site that is not allowed refused")
            await self.refuse(scope, receive, send, errors.OriginNotAllowed(None), 4403)
            return
        if self.limited(scope) and per_address_limit_applies(client_address(scope)):
            wait = await self.limiter.wait_needed(
                "addr:" + client_address(scope), self.client_burst, self.client_per_minute
            )
            if wait > 0:
                retry = int(retry_after_header(wait))
                await self.refuse(scope, receive, send, errors.RateLimited(None, retry), 1013)
                return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        limit = self.body_limit(path)
        declared = header(scope, b"content-length")
        too_big = declared is not None and (not declared.isdigit() or int(declared) > limit)
        # The route answers (in the person's language where it knows it) when it reads the
        # body; a route that never reads it never buffers it.
        await self.app(scope, _counting(receive, limit, too_big), send)

    def limited(self, scope: Scope) -> bool:
        path: str = scope["path"]
        if not path.startswith(API_PREFIX) or path.startswith(UNLIMITED_PATHS):
            return False
        method = scope.get("method", "GET")
        # The message route limits itself (a message that shows risk is never held back);
        # deleting is never held back; preflights are answered by the CORS layer.
        if method in ("DELETE", "OPTIONS"):
            return False
        return not (method == "POST" and path.endswith("/messages"))

    async def refuse(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        error: errors.ConversationError,
        close_code: int,
    ) -> None:
        if scope["type"] == "websocket":
            await receive()  # websocket.connect; closing before accepting refuses it
            await send({"type": "websocket.close", "code": close_code})
            return
        response: Response
        if scope["path"].startswith(API_PREFIX):
            response = self.error_response(error)
        else:
            response = _bilingual_page(error)
        if isinstance(error, errors.RateLimited):
            response.headers["Retry-After"] = str(error.retry_after)
        await response(scope, receive, send)


def _counting(receive: Receive, limit: int, too_big: bool) -> Receive:
    """Raises RequestTooLarge (answered 413 by the app) once the body passes the limit, or
    at once when its declared length already does (nothing of it is read)."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        if too_big:
            raise errors.RequestTooLarge(None)
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise errors.RequestTooLarge(None)
        return message

    return wrapped


_PAGE_WORDS = {
    "request_too_large": (
        "Roedd hynny'n ormod i'w anfon ar unwaith. Anfonwch rywbeth byrrach.",
        "That was too much to send at once. Please send something shorter.",
    ),
    "origin_not_allowed": (
        "Dydy'r dudalen honno ddim yn cael anfon hwn i Cymar.",
        "That page is not allowed to send this to Cymar.",
    ),
    "rate_limited": (
        "Gormod o geisiadau. Arhoswch eiliad, yna rhowch gynnig arall arni.",
        "Too many requests. Please wait a moment, then try again.",
    ),
}


def _bilingual_page(error: errors.ConversationError) -> HTMLResponse:
    """For the staff screens and forms: a short page, Welsh first, then English."""
    cy, en = _PAGE_WORDS.get(error.code, _PAGE_WORDS["request_too_large"])
    html = (
        '<!doctype html><html lang="cy"><head><meta charset="utf-8"><title>Cymar</title>'
        f'</head><body><main><p>{cy}</p><p lang="en">{en}</p></main></body></html>'
    )
    return HTMLResponse(html, status_code=error.status)


class SecurityHeaders:
    """Headers every response carries unless its route set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        # Only over HTTPS: browsers ignore HSTS on plain http, and behind a TLS proxy uvicorn
        # takes the scheme from X-Forwarded-Proto (FORWARDED_ALLOW_IPS).
        secure = scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {key.lower() for key, _ in message.get("headers", [])}
                extra: list[tuple[bytes, bytes]] = []

                def add(name: str, value: str) -> None:
                    if name.lower().encode() not in present:
                        extra.append((name.lower().encode(), value.encode()))

                add("Content-Security-Policy", DOCS_CSP if path == "/api/docs" else DEFAULT_CSP)
                add("X-Content-Type-Options", "nosniff")
                add("Referrer-Policy", "same-origin")
                add("Permissions-Policy", PERMISSIONS_POLICY)
                if path != "/chat":
                    # Only the chat page may be framed (by the allowed sites, per its CSP).
                    add("X-Frame-Options", "DENY")
                if path.startswith(API_PREFIX):
                    add("Cache-Control", "no-store")
                if secure:
                    add("Strict-Transport-Security", HSTS)
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)
