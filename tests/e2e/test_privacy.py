"""Privacy and the public surface in real headless Chromium: deleting a conversation from
the widget (accessible confirmation dialog), the widget allowed on one host site and refused
on another, and pages that raise no Content-Security-Policy violation."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect
from sqlalchemy import func, select

from bot.ops.stack import Stack, free_port, prepare_database
from bot.settings import ROOT
from bot.store.db import get_sessionmaker
from bot.store.models import Conversation
from tests.e2e.test_widget import bot_replies, no_axe_violations, open_chat, say, wait_for_reply

pytestmark = pytest.mark.e2e

# Records every CSP violation in every frame, before any of the page's own scripts run.
CSP_RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


# -- deleting a conversation from the widget -----------------------------------------------

WORDS = {
    "cy": {
        "delete": "Dileu'r sgwrs hon",
        "heading": "Dileu'r sgwrs hon?",
        "yes": "Ydw, dilëwch hi",
        "no": "Nac ydw, cadwch hi",
        "deleted": "Mae'r sgwrs wedi'i dileu.",
        "question": "beth yw cymorth cymheiriaid?",
    },
    "en": {
        "delete": "Delete this conversation",
        "heading": "Delete this conversation?",
        "yes": "Yes, delete it",
        "no": "No, keep it",
        "deleted": "The conversation has been deleted.",
        "question": "what is peer support?",
    },
}


async def stored_id(page: Page) -> str:
    return str(
        await page.evaluate("JSON.parse(sessionStorage.getItem('cymar.chat.v1') || '{}').id")
    )


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_deleting_the_conversation_asks_first_and_erases_it_everywhere(
    browser: Browser, stack: Stack, language: str
) -> None:
    words = WORDS[language]
    page = await open_chat(browser, stack, language)
    before = await bot_replies(page)
    await say(page, words["question"])
    await wait_for_reply(page, before)
    cid = await stored_id(page)
    assert httpx.get(f"{stack.base_url}/api/conversations/{cid}").status_code == 200

    delete = page.locator("#delete")
    await expect(delete).to_have_text(words["delete"])
    # By keyboard: the dialog opens with the safe choice focused.
    await delete.focus()
    await page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name=words["heading"])
    await expect(dialog).to_be_visible()
    await expect(page.locator("#delete-no")).to_be_focused()
    await expect(page.locator("#delete-no")).to_have_text(words["no"])
    await no_axe_violations(page, f"delete dialog open ({language})")
    # Escape keeps everything and puts focus back where it was.
    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await expect(delete).to_be_focused()
    assert httpx.get(f"{stack.base_url}/api/conversations/{cid}").status_code == 200

    await page.keyboard.press("Enter")
    await expect(dialog).to_be_visible()
    await page.keyboard.press("Shift+Tab")
    await expect(page.locator("#delete-yes")).to_be_focused()
    await expect(page.locator("#delete-yes")).to_have_text(words["yes"])
    await page.keyboard.press("Enter")

    await expect(dialog).to_be_hidden()
    announcer = page.locator("#announcer")
    await expect(announcer).to_contain_text(words["deleted"])
    await expect(page.locator("#transcript > li")).to_have_count(1)
    await expect(page.locator("#transcript .chat-notice")).to_contain_text(words["deleted"])
    await expect(page.locator("#input")).to_be_focused()
    assert await page.evaluate("sessionStorage.getItem('cymar.chat.v1')") is None
    assert httpx.get(f"{stack.base_url}/api/conversations/{cid}").status_code == 404
    await no_axe_violations(page, f"after deleting ({language})")

    # Writing again starts a new conversation, in the same language.
    await say(page, words["question"])
    await expect(page.locator("#transcript > li.msg-bot").first).to_have_attribute("lang", language)
    await expect(page.locator("#transcript > li.pending")).to_have_count(0)
    fresh = await stored_id(page)
    assert fresh not in ("", "None", cid)
    await page.context.close()


# -- the allow-list of host sites, with a web process of our own -----------------------------


@dataclass
class Surface:
    cymar: str
    allowed_site: str
    other_site: str
    database_url: str

    def conversations(self) -> int:
        with get_sessionmaker(self.database_url)() as session:
            return int(session.scalar(select(func.count()).select_from(Conversation)) or 0)


def host_server(port: int, cymar: str) -> ThreadingHTTPServer:
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host site</title>'
        "</head><body><main><h1>A host site</h1></main>"
        f'<script src="{cymar}/widget.js" defer data-language="en"></script></body></html>'
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def surface(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Surface]:
    workdir = tmp_path_factory.mktemp("surface")
    database_url = f"sqlite:///{workdir / 'surface.db'}"
    prepare_database(database_url, directory=False)
    web, allowed, other = free_port(), free_port(), free_port()
    cymar = f"http://127.0.0.1:{web}"
    # Two host sites on "localhost" (another origin than 127.0.0.1), on different ports.
    allowed_site, other_site = f"http://localhost:{allowed}", f"http://localhost:{other}"
    log = (workdir / "web.log").open("wb")
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/app/bin/uvicorn"),
            "--factory",
            "bot.web.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(web),
            "--no-access-log",
        ],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url,
            "WIDGET_ALLOWED_ORIGINS": allowed_site,
            # No Rasa here: opening the chat and its stream do not need it (messages get
            # the "having trouble" answer, which is enough to test holding back).
            "RASA_URL": "http://127.0.0.1:9",
            "RATE_LIMIT_CONVERSATION_BURST": "2",
            "RATE_LIMIT_CONVERSATION_PER_MINUTE": "20",
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    servers = [host_server(allowed, cymar), host_server(other, cymar)]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{cymar}/chat", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail((workdir / "web.log").read_text()[-3000:])
        yield Surface(cymar, allowed_site, other_site, database_url)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        process.terminate()
        process.wait(timeout=20)
        log.close()


DIRECT_CALLS = """
async (cymar) => {
  const out = {};
  try {
    const made = await fetch(`${cymar}/api/conversations`, {
      method: "POST", headers: {"content-type": "application/json"}, body: '{"language": "en"}',
    });
    const body = await made.json();
    out.status = made.status;
    out.id = body.conversation_id;
  } catch (exc) {
    out.fetchError = String(exc);
  }
  out.socket = await new Promise((resolve) => {
    const id = out.id || "0123456789abcdef0123456789abcdef";
    const ws = new WebSocket(`${cymar.replace("http", "ws")}/api/conversations/${id}/stream`);
    ws.onmessage = (event) => { resolve(JSON.parse(event.data).type); ws.close(); };
    ws.onclose = (event) => resolve(`closed ${event.code}`);
    setTimeout(() => resolve("timeout"), 5000);
  });
  return out;
}
"""


async def host_page(browser: Browser, url: str) -> tuple[Page, list[str]]:
    context = await browser.new_context()
    await context.add_init_script(CSP_RECORDER)
    page = await context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    await page.goto(url)
    return page, console


async def test_the_widget_works_on_an_allowed_host_site_and_is_refused_on_another(
    browser: Browser, surface: Surface
) -> None:
    # The allowed site: the chat opens, its API calls and stream work, and the page's own
    # calls to the API get CORS answers it can read.
    page, console = await host_page(browser, surface.allowed_site)
    sockets: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _f: sockets.append(ws.url)))
    await page.locator("#cymar-widget button.launcher").click()
    frame = page.frame_locator("iframe")
    await expect(frame.locator("#transcript > li").first).to_be_visible(timeout=15_000)
    await expect(frame.locator("#transcript > li").first).to_have_attribute("lang", "en")
    deadline = time.monotonic() + 10
    while not any("/stream" in url for url in sockets) and time.monotonic() < deadline:
        await page.wait_for_timeout(100)
    assert any("/stream" in url for url in sockets)
    direct = await page.evaluate(DIRECT_CALLS, surface.cymar)
    assert direct["status"] == 201 and direct["socket"] == "message", direct
    assert not [line for line in console if "Content Security Policy" in line], console
    await page.context.close()

    # Another site: the browser will not frame the chat, and the API refuses its calls.
    before = surface.conversations()
    page, console = await host_page(browser, surface.other_site)
    await page.locator("#cymar-widget button.launcher").click()
    deadline = time.monotonic() + 10
    while not any("frame-ancestors" in line for line in console) and time.monotonic() < deadline:
        await page.wait_for_timeout(100)
    assert any("frame-ancestors" in line for line in console), console
    direct = await page.evaluate(DIRECT_CALLS, surface.cymar)
    assert "fetchError" in direct and direct["socket"].startswith("closed"), direct
    # Nothing was made for the other site, by the frame or by the page.
    assert surface.conversations() == before
    await page.context.close()


async def test_a_person_sending_too_fast_is_told_politely_and_nothing_is_lost(
    browser: Browser, surface: Surface
) -> None:
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(f"{surface.cymar}/chat?language=en")
    await expect(page.locator("#transcript > li").first).to_be_visible()
    for text in ("one", "two", "three"):
        await say(page, text)
    error = page.locator("#error")
    await expect(error).to_contain_text("You're sending messages very quickly", timeout=10_000)
    await expect(error.locator("p")).to_have_attribute("lang", "en")
    await expect(page.locator("#transcript .msg-note").first).to_have_text(
        "We'll send this in a moment."
    )
    # Sent by itself once the wait (Retry-After) is over.
    await expect(page.locator("#transcript > li.pending")).to_have_count(0, timeout=20_000)
    cid = await stored_id(page)
    history = httpx.get(f"{surface.cymar}/api/conversations/{cid}").json()["messages"]
    assert [m["text"] for m in history if m["from"] == "user"] == ["one", "two", "three"]
    await context.close()


# -- no CSP violations ---------------------------------------------------------------------


async def csp_violations(page: Page) -> list[str]:
    found: list[str] = []
    for frame in page.frames:
        found += await frame.evaluate("window.__csp || []")
    return found


@pytest.mark.parametrize("path", ["/chat?language=en", "/widget/demo", "/admin/login"])
async def test_our_pages_raise_no_content_security_policy_violation(
    browser: Browser, stack: Stack, path: str
) -> None:
    context = await browser.new_context()
    await context.add_init_script(CSP_RECORDER)
    page = await context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    await page.goto(f"{stack.base_url}{path}")
    if path.startswith("/chat"):
        await expect(page.locator("#transcript > li").first).to_be_visible()
        before = await bot_replies(page)
        await say(page, "what is peer support?")
        await wait_for_reply(page, before)
        await page.locator("#help").click()
        await page.locator("#delete").click()
        await expect(page.locator("#delete-dialog")).to_be_visible()
    elif path == "/widget/demo":
        await page.locator("#cymar-widget button.launcher").click()
        frame = page.frame_locator("iframe")
        await expect(frame.locator("#transcript > li").first).to_be_visible()
    await page.wait_for_timeout(500)
    assert await csp_violations(page) == []
    assert [line for line in console if "Content Security Policy" in line] == []
    await context.close()


def test_log_lines_of_the_stack_carry_no_contact_details(stack: Stack) -> None:
    with stack.client() as http:
        cid = http.post("/api/conversations", json={"language": "en"}).json()["conversation_id"]
        http.post(f"/api/conversations/{cid}/messages", json={"text": "call me on 07700 900123"})
    assert "07700 900123" not in stack.log()
    assert Path(stack.log_path).exists()


async def test_the_stream_closes_on_a_frame_over_64_kb(stack: Stack) -> None:
    import websockets

    with stack.client() as http:
        cid = http.post("/api/conversations", json={"language": "en"}).json()["conversation_id"]
    url = f"{stack.base_url.replace('http', 'ws')}/api/conversations/{cid}/stream"
    async with websockets.connect(url) as socket:
        assert json.loads(await socket.recv())["type"] == "message"
        await socket.send("x" * 70_000)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            while True:
                await socket.recv()
    assert closed.value.code == 1009  # "message too big", from the web process itself
    # The conversation is untouched and the server carries on.
    with stack.client() as http:
        assert http.get(f"/api/conversations/{cid}").status_code == 200
