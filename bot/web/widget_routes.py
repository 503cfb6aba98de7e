"""The web widget: the one-tag loader, the chat page (full page and embedded) and the crisis
numbers it shows under "Get help now".

The embedded widget is the `/chat` page in an iframe that the loader (`/widget.js`) puts on
the host site. An iframe rather than markup injected into the host page because the host's
CSS cannot then change our colours and contrast, the API stays same-origin (no CORS to
open on the conversation API), and one page serves both the full-page and embedded forms.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from bot.content.catalogue import ResponseCatalogue
from bot.content.crisis import CrisisLineInfo
from bot.content.model import LANGUAGES, Lang, as_lang
from bot.conversations import errors
from bot.settings import Settings
from bot.web.security import OriginPolicy

WIDGET_DIR = Path(__file__).parent / "widget"
STATIC_PREFIX = "/widget/static"
# Where "Leave this site quickly" goes: a neutral, widely used page. Hosts may choose another
# with data-exit-url on the script tag.
DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather"

# The page may only talk to its own origin: a browser-enforced "no third-party requests".
# frame-ancestors lists the sites allowed to embed it (WIDGET_ALLOWED_ORIGINS).
CHAT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors {ancestors}"
)
DEMO_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Not "no-referrer": with it, browsers send "Origin: null" on the page's own POSTs,
    # which the origin check (bot/web/security.py) would refuse. Nothing leaves for other
    # sites either way.
    "Referrer-Policy": "same-origin",
    # Nothing a person types should be cached by a shared computer's browser.
    "Cache-Control": "no-store",
}


def crisis_line_json(line: CrisisLineInfo, language: Lang) -> dict[str, Any]:
    """One line with tap-to-call and tap-to-text links built from the stored numbers."""
    return {
        "slug": line.slug,
        "name": line.name[language],
        "how": line.how[language],
        "when": line.when[language],
        "phone": line.phone,
        "sms": line.sms,
        "tel_href": f"tel:{_digits(line.phone)}" if line.phone else None,
        "sms_href": f"sms:{_digits(line.sms)}" if line.sms else None,
    }


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def crisis_lines_body(catalogue: ResponseCatalogue) -> dict[str, list[dict[str, Any]]]:
    return {
        lang: [crisis_line_json(line, lang) for line in catalogue.crisis_lines(lang)]
        for lang in LANGUAGES
    }


def _script_json(value: object) -> str:
    # Inside <script type="application/json">, "<" must not be able to close the element.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def widget_routes(settings: Settings, catalogue: ResponseCatalogue) -> APIRouter:
    api = APIRouter()
    chat_template = (WIDGET_DIR / "chat.html").read_text(encoding="utf-8")
    ancestors = OriginPolicy(settings.allowed_origins).frame_ancestors()
    chat_headers = {
        **SECURITY_HEADERS,
        "Content-Security-Policy": CHAT_CSP.format(ancestors=ancestors),
    }
    demo_page = (WIDGET_DIR / "demo.html").read_text(encoding="utf-8")

    @api.get("/api/crisis-lines")
    async def crisis_lines(request: Request) -> dict[str, Any]:
        """The urgent-help numbers to show now, in one language (open lines only)."""
        raw = request.query_params.get("language")
        language = as_lang(raw)
        if language is None:
            raise errors.InvalidRequest(None)
        lines = [crisis_line_json(line, language) for line in catalogue.crisis_lines(language)]
        return {"language": language, "lines": lines}

    @api.get("/chat", response_class=HTMLResponse)
    async def chat_page(request: Request) -> HTMLResponse:
        params = request.query_params
        language = as_lang(params.get("language"))
        config: dict[str, Any] = {
            "embed": params.get("embed") == "1",
            "language": language,
            "accent": _colour(params.get("accent")),
            "title": {
                "cy": (params.get("title_cy") or "Cymar")[:60],
                "en": (params.get("title_en") or "Cymar")[:60],
            },
            "exit_url": _web_address(params.get("exit")) or DEFAULT_EXIT_URL,
            "max_chars": settings.max_message_chars,
            "crisis_lines": crisis_lines_body(catalogue),
        }
        page = chat_template.replace("{{ config }}", _script_json(config)).replace(
            "{{ lang }}", language or "cy"
        )
        return HTMLResponse(page, headers=chat_headers)

    @api.get("/widget.js")
    async def loader() -> FileResponse:
        # Short and stable: this is the address hosts put in their one <script> tag.
        return FileResponse(
            WIDGET_DIR / "widget.js",
            media_type="text/javascript",
            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "max-age=300"},
        )

    @api.get("/widget/demo", response_class=HTMLResponse)
    async def demo() -> HTMLResponse:
        headers = {**SECURITY_HEADERS, "Content-Security-Policy": DEMO_CSP}
        return HTMLResponse(demo_page, headers=headers)

    return api


def _colour(value: str | None) -> str | None:
    """A #rgb or #rrggbb colour, or None: nothing else reaches the page's CSS."""
    if not value:
        return None
    value = value.strip()
    hex_part = value[1:] if value.startswith("#") else value
    if len(hex_part) in (3, 6) and all(ch in "0123456789abcdefABCDEF" for ch in hex_part):
        return f"#{hex_part.lower()}"
    return None


def _web_address(value: str | None) -> str | None:
    if value and value.startswith(("https://", "http://")) and len(value) <= 500:
        return value
    return None


def mount_widget(app: FastAPI) -> None:
    """The widget's static files (ES modules, CSS)."""
    app.mount(STATIC_PREFIX, StaticFiles(directory=WIDGET_DIR), name="widget-static")
