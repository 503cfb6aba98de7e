"""The web widget in a real headless Chromium (Debian's `chromium`, driven by Playwright),
against the whole stack: the full-page chat at /chat and the one-tag widget embedded on a
host page served from another origin.

axe-core (bundled by axe-playwright-python) must find no WCAG 2.0/2.1/2.2 A or AA violation
in any state. Screenshots at 320 px and 1280 px go to tests/artifacts/ (ignored by git).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Frame, FrameLocator, Page, expect

from bot.ops.stack import Stack
from bot.settings import ROOT
from tests.e2e.peers import Supporter, create_supporter

pytestmark = pytest.mark.e2e

ARTIFACTS = ROOT / "tests" / "artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EXIT_URL = "https://www.bbc.co.uk/weather"
CARDS_QUESTION = {
    "en": "any peer support groups in Cardiff next week",
    "cy": "oes grwpiau cymorth cymheiriaid yng Nghaerdydd wythnos nesaf",
}
TIMEOUT = 15_000
expect.set_options(timeout=TIMEOUT)


# -- fixtures ------------------------------------------------------------------------------


class HostSite:
    """Someone else's website (another origin) with Cymar's one tag on it."""

    def __init__(self, stack: Stack, **options: str) -> None:
        attrs = " ".join(
            f'data-{name.replace("_", "-")}="{value}"' for name, value in options.items()
        )
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Host site</title></head><body><main><h1>A host site</h1>"
            "<p>Somebody else's page.</p></main>"
            f'<script src="{stack.base_url}/widget.js" defer {attrs}></script></body></html>'
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(page if self.path == "/" else b"<p>left</p>")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # "localhost", not 127.0.0.1: a different origin from the Cymar server.
        self.url = f"http://localhost:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def host_site(stack: Stack) -> Iterator[HostSite]:
    site = HostSite(stack, language="en", title="Cymar")
    yield site
    site.close()


class Requests:
    """Every request a page makes, to prove the widget makes no third-party requests."""

    def __init__(self, page: Page) -> None:
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("websocket", lambda socket: self.urls.append(socket.url))

    def origins(self) -> set[str]:
        return {
            f"{urlsplit(url).hostname}:{urlsplit(url).port}"
            for url in self.urls
            if not url.startswith(("data:", "about:"))
        }


async def open_chat(
    browser: Browser, stack: Stack, language: str | None = None, width: int = 1280
) -> Page:
    context = await browser.new_context(viewport={"width": width, "height": 800})
    page = await context.new_page()
    await page.route(f"{EXIT_URL}**", lambda route: route.fulfill(body="<p>weather</p>"))
    query = f"?language={language}" if language else ""
    await page.goto(f"{stack.base_url}/chat{query}")
    await expect(page.locator("#transcript > li").first).to_be_visible()
    return page


async def say(chat: Page | FrameLocator, text: str) -> None:
    await chat.locator("#input").fill(text)
    await chat.locator("#input").press("Enter")


async def bot_replies(chat: Page | FrameLocator) -> int:
    return await chat.locator("#transcript > li.msg-bot").count()


async def wait_for_reply(chat: Page | FrameLocator, before: int) -> None:
    await expect(chat.locator("#transcript > li.msg-bot")).not_to_have_count(before)
    await expect(chat.locator("#transcript > li.pending")).to_have_count(0)


async def no_axe_violations(target: Page | Frame, state: str) -> None:
    results = await Axe().run(
        target,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    summary = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert violations == [], f"axe found violations in state {state!r}: {summary}"


def chat_frame(page: Page) -> Frame:
    frame = next((f for f in page.frames if "/chat?" in f.url), None)
    assert frame is not None, [f.url for f in page.frames]
    return frame


async def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"widget-{name}.png"))


# -- a whole conversation -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_full_conversation_in_each_language(
    browser: Browser, stack: Stack, language: str
) -> None:
    welsh = language == "cy"
    page = await open_chat(browser, stack)
    requests = Requests(page)
    transcript = page.locator("#transcript")
    # The active offer: Welsh first, then English, and labels in both while unknown.
    assert await page.evaluate("document.documentElement.lang") == "cy"
    items = transcript.locator("> li")
    await expect(items).to_have_count(2)
    assert [await items.nth(i).get_attribute("lang") for i in range(2)] == ["cy", "en"]
    await expect(page.locator("#help")).to_contain_text("Cael help nawr")
    await expect(page.locator("#help")).to_contain_text("Get help now")

    before = await bot_replies(page)
    await (
        page.locator(".quick-replies")
        .get_by_role("button", name="Cymraeg" if welsh else "English", exact=True)
        .click()
    )
    await wait_for_reply(page, before)
    assert await page.evaluate("document.documentElement.lang") == language
    await expect(page.locator("#help")).to_have_text("Cael help nawr" if welsh else "Get help now")
    await expect(page.locator("#talk")).to_have_text(
        "Siarad â pherson" if welsh else "Talk to a person"
    )
    await expect(page.locator(f'#lang-toggle button[data-lang="{language}"]')).to_have_attribute(
        "aria-pressed", "true"
    )

    before = await bot_replies(page)
    await say(page, "beth yw cymorth cymheiriaid?" if welsh else "what is peer support?")
    await wait_for_reply(page, before)
    last = transcript.locator("> li.msg-bot").last
    await expect(last).to_have_attribute("lang", language)
    # Announced by the separate polite live region, and focus stays where the person is.
    announcer = page.locator("#announcer")
    await expect(announcer).to_have_attribute("aria-live", "polite")
    await expect(announcer.locator("p").last).to_have_attribute("lang", language)
    assert await page.evaluate("document.activeElement.id") == "input"
    await no_axe_violations(page, f"mid-conversation ({language})")

    before = await bot_replies(page)
    await say(page, CARDS_QUESTION[language])
    await wait_for_reply(page, before)
    cards = page.locator(".card")
    await expect(cards.first).to_be_visible()
    assert await cards.count() >= 1
    await expect(cards.first.locator("h3")).not_to_be_empty()
    await expect(cards.first.locator("dt").first).to_have_text("Pryd" if welsh else "When")
    assert (
        await page.locator("li.msg-bot[lang] .cards").first.evaluate(
            "el => el.closest('li.msg').lang"
        )
        == language
    )
    await no_axe_violations(page, f"cards shown ({language})")
    await screenshot(page, f"cards-{language}-1280")
    await page.set_viewport_size({"width": 320, "height": 640})
    await screenshot(page, f"cards-{language}-320")
    await no_axe_violations(page, f"cards shown at 320 px ({language})")

    # Only the Cymar server was asked for anything.
    assert requests.origins() == {urlsplit(stack.base_url).netloc}
    await page.context.close()


async def test_the_language_toggle_in_the_header_switches_labels_and_replies(
    browser: Browser, stack: Stack
) -> None:
    page = await open_chat(browser, stack, "en")
    await expect(page.locator("#help")).to_have_text("Get help now")
    before = await bot_replies(page)
    await page.locator('#lang-toggle button[data-lang="cy"]').click()
    await wait_for_reply(page, before)
    await expect(page.locator('#lang-toggle button[data-lang="cy"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    await expect(page.locator("#help")).to_have_text("Cael help nawr")
    await expect(page.locator("#exit")).to_have_text("Gadael y wefan yn gyflym")
    await expect(page.locator("#transcript > li.msg-bot").last).to_have_attribute("lang", "cy")
    before = await bot_replies(page)
    await say(page, "beth yw cymorth cymheiriaid?")
    await wait_for_reply(page, before)
    await expect(page.locator("#transcript > li.msg-bot").last).to_have_attribute("lang", "cy")
    await page.locator('#lang-toggle button[data-lang="en"]').click()
    await expect(page.locator("#help")).to_have_text("Get help now")
    await page.context.close()


# -- always visible: help now, talk to a person, leave quickly -----------------------------


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_get_help_now_shows_the_servers_crisis_numbers_as_tap_to_call_links(
    browser: Browser, stack: Stack, language: str
) -> None:
    page = await open_chat(browser, stack, language)
    served = httpx.get(f"{stack.base_url}/api/crisis-lines", params={"language": language})
    lines = served.json()["lines"]
    assert any(line["phone"] == "999" for line in lines)
    help_button = page.locator("#help")
    await expect(help_button).to_have_attribute("aria-expanded", "false")
    await help_button.click()
    await expect(help_button).to_have_attribute("aria-expanded", "true")
    panel = page.locator("#help-panel")
    await expect(panel).to_be_visible()
    for line in lines:
        if line["tel_href"]:
            await expect(panel.locator(f'a[href="{line["tel_href"]}"]')).to_be_visible()
        if line["sms_href"]:
            await expect(panel.locator(f'a[href="{line["sms_href"]}"]')).to_be_visible()
    await expect(panel.locator("li").first).to_have_attribute("lang", language)
    await expect(panel.locator("a").first).to_contain_text("Ffonio" if language == "cy" else "Call")
    hrefs = await panel.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert all(re.fullmatch(r"(tel|sms):\+?\d+", href) for href in hrefs), hrefs
    await no_axe_violations(page, f"help open ({language})")
    # Escape inside the panel closes it and returns focus to its button.
    await panel.locator("a").first.focus()
    await page.keyboard.press("Escape")
    await expect(panel).to_be_hidden()
    assert await page.evaluate("document.activeElement.id") == "help"
    await page.context.close()


async def test_leave_this_site_quickly_clears_the_screen_and_storage(
    browser: Browser, stack: Stack
) -> None:
    page = await open_chat(browser, stack, "en")
    before = await bot_replies(page)
    await say(page, "what is peer support?")
    await wait_for_reply(page, before)
    stored = await page.evaluate("sessionStorage.getItem('cymar.chat.v1')")
    assert stored
    first_id = await page.evaluate("JSON.parse(sessionStorage.getItem('cymar.chat.v1')).id")
    await page.locator("#exit").click()
    await page.wait_for_url(f"{EXIT_URL}**")
    # The chat page was replaced, not pushed: Back does not return to it.
    assert "/chat" not in (await page.evaluate("location.href"))
    await page.goto(f"{stack.base_url}/widget/demo")
    assert await page.evaluate("sessionStorage.getItem('cymar.chat.v1')") is None
    assert await page.evaluate("localStorage.getItem('cymar.chat.v1')") is None
    # Coming back starts afresh: a new conversation, none of the old messages.
    await page.goto(f"{stack.base_url}/chat?language=en")
    await expect(page.locator("#transcript > li").first).to_be_visible()
    new_id = await page.evaluate("JSON.parse(sessionStorage.getItem('cymar.chat.v1')).id")
    assert new_id != first_id
    await expect(page.locator("#transcript")).not_to_contain_text("what is peer support?")
    await page.context.close()


async def test_leave_quickly_from_the_embedded_widget_replaces_the_host_page(
    browser: Browser, stack: Stack
) -> None:
    site = HostSite(stack, language="en", exit_url="http://localhost:1/")
    try:
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        page = await context.new_page()
        await page.route("http://localhost:1/**", lambda route: route.fulfill(body="<p>away</p>"))
        await page.goto(site.url)
        await page.locator("#cymar-widget").get_by_role("button", name="Chat with Cymar").click()
        chat = page.frame_locator("iframe")
        await expect(chat.locator("#transcript > li").first).to_be_visible()
        await chat.locator("#exit").click()
        await page.wait_for_url("http://localhost:1/**")
        await page.goto(site.url)
        assert await page.evaluate("sessionStorage.getItem('cymar.widget.v1')") is None
        assert await page.evaluate("sessionStorage.getItem('cymar.chat.v1')") is None
        await page.locator("#cymar-widget").get_by_role("button", name="Chat with Cymar").click()
        frame = page.frame_locator("iframe")
        await expect(frame.locator("#transcript > li")).to_have_count(1)
        await context.close()
    finally:
        site.close()


# -- the embedded widget: one tag, dialog semantics, axe in every state ---------------------


async def test_the_embedded_widget_is_an_accessible_dialog_in_every_state(
    browser: Browser, stack: Stack, host_site: HostSite, staff: list[str]
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    requests = Requests(page)
    await page.goto(host_site.url)
    launcher = page.locator("#cymar-widget").get_by_role("button", name="Chat with Cymar")
    await expect(launcher).to_have_attribute("aria-expanded", "false")
    await no_axe_violations(page, "closed")
    await screenshot(page, "closed-1280")

    await launcher.click()
    dialog = page.locator("#cymar-widget").get_by_role("dialog")
    await expect(dialog).to_be_visible()
    await expect(launcher).to_have_attribute("aria-expanded", "true")
    chat = page.frame_locator("iframe")
    await expect(chat.locator("#transcript > li").first).to_be_visible()
    await expect(chat.locator("#input")).to_be_focused()
    await no_axe_violations(page, "open (host page)")
    await no_axe_violations(chat_frame(page), "open")
    await screenshot(page, "open-1280")

    # Escape closes it and focus goes back to the launcher.
    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await expect(launcher).to_be_focused()
    await expect(launcher).to_have_attribute("aria-expanded", "false")
    await launcher.click()

    before = await bot_replies(chat)
    await say(chat, "what is peer support?")
    await wait_for_reply(chat, before)
    await no_axe_violations(chat_frame(page), "mid-conversation")

    # Error: a message the API refuses (413) is explained in the person's language, and the
    # words stay in the box to edit.
    long_text = ("I need to talk about how things are going. " * 60)[:2499] + "."
    await chat.locator("#input").fill(long_text)
    await chat.locator("#send").click()
    error = chat.locator("#error")
    await expect(error).to_contain_text("2000")
    await expect(error.locator("p").first).to_have_attribute("lang", "en")
    await expect(chat.locator("#input")).to_have_attribute("aria-invalid", "true")
    assert len(await chat.locator("#input").input_value()) == 2500
    await no_axe_violations(chat_frame(page), "error")
    await chat.locator("#input").fill("")

    # Waiting for a peer, then a peer's message arriving over the stream.
    username = f"widget-{id(page) % 100_000}"
    create_supporter(stack, username, "en")
    staff.append(username)
    supporter = Supporter(stack.base_url, username)
    async with supporter:
        await supporter.on_duty()
        await chat.locator("#talk").click()
        await expect(chat.locator("#status")).to_contain_text("Waiting for a peer supporter")
        # Embedded, the loader keeps the chat's state in the host page's sessionStorage.
        conversation_id = await page.evaluate(
            "JSON.parse(sessionStorage.getItem('cymar.chat.v1')).id"
        )
        await no_axe_violations(chat_frame(page), "waiting for a peer")
        await screenshot(page, "waiting-1280")

        request = await supporter.sees_request(conversation_id)
        assert await supporter.claim(request["request_id"])
        await expect(chat.locator("#status")).to_contain_text("talking to a peer supporter")
        focused = await chat_frame(page).evaluate("document.activeElement.id")
        await supporter.send(
            {"type": "send", "request_id": request["request_id"], "text": "Hi, I'm Sam."}
        )
        peer = chat.locator("#transcript > li.msg-peer")
        await expect(peer).to_have_text(re.compile("Hi, I'm Sam."))
        await expect(peer).to_have_attribute("lang", "en")
        await expect(chat.locator("#announcer")).to_contain_text("Hi, I'm Sam.")
        assert await chat_frame(page).evaluate("document.activeElement.id") == focused
        await say(chat, "thank you")
        await supporter.wait_for(lambda e: e["type"] == "message" and e["text"] == "thank you")
        await no_axe_violations(chat_frame(page), "with a peer")
        await supporter.send({"type": "end", "request_id": request["request_id"], "note": ""})
        await expect(chat.locator("#status")).to_have_text("")

    origins = requests.origins()
    assert origins == {urlsplit(host_site.url).netloc, urlsplit(stack.base_url).netloc}
    await context.close()


async def test_a_peer_message_while_the_widget_is_closed_shows_on_the_launcher(
    browser: Browser, stack: Stack, host_site: HostSite, staff: list[str]
) -> None:
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(host_site.url)
    launcher = page.locator("#cymar-widget").get_by_role("button", name=re.compile("Chat with"))
    await launcher.click()
    chat = page.frame_locator("iframe")
    await expect(chat.locator("#transcript > li").first).to_be_visible()
    username = f"badge-{id(page) % 100_000}"
    create_supporter(stack, username, "en")
    staff.append(username)
    async with Supporter(stack.base_url, username) as supporter:
        await supporter.on_duty()
        await chat.locator("#talk").click()
        await expect(chat.locator("#status")).to_contain_text("Waiting")
        # Embedded, the loader keeps the chat's state in the host page's sessionStorage.
        conversation_id = await page.evaluate(
            "JSON.parse(sessionStorage.getItem('cymar.chat.v1')).id"
        )
        request = await supporter.sees_request(conversation_id)
        assert await supporter.claim(request["request_id"])
        await page.keyboard.press("Escape")
        await expect(launcher).to_be_focused()
        await supporter.send(
            {"type": "send", "request_id": request["request_id"], "text": "Hello?"}
        )
        await expect(launcher).to_contain_text("new message")
        await launcher.click()
        await expect(chat.locator("#transcript > li.msg-peer")).to_have_text(re.compile("Hello?"))
        await supporter.send({"type": "end", "request_id": request["request_id"], "note": ""})
    await context.close()


# -- keyboard only --------------------------------------------------------------------------


async def test_a_whole_conversation_by_keyboard_alone(
    browser: Browser, stack: Stack, host_site: HostSite
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    await page.goto(host_site.url)
    await expect(page.locator("#cymar-widget .launcher")).to_be_visible()
    keyboard = page.keyboard

    async def focused_outline(target: Page | Frame) -> str:
        return str(
            await target.evaluate(
                "() => { let el = document.activeElement;"
                " while (el && el.shadowRoot && el.shadowRoot.activeElement)"
                " el = el.shadowRoot.activeElement;"
                " return getComputedStyle(el).outlineStyle; }"
            )
        )

    await keyboard.press("Tab")
    launcher = page.locator("#cymar-widget .launcher")
    await expect(launcher).to_be_focused()
    assert await focused_outline(page) == "solid"  # visible focus
    await keyboard.press("Enter")
    chat = page.frame_locator("iframe")
    await expect(chat.locator("#input")).to_be_focused()
    frame = chat_frame(page)

    # Back from the message box into the transcript: the last quick reply is "English".
    # The welcome arrives after the box has focus; on a slow machine it can take a while,
    # and a person cannot tab to buttons that are not there yet.
    await expect(chat.locator(".quick-replies button").last).to_be_visible()
    before = await bot_replies(chat)
    await keyboard.press("Shift+Tab")
    await expect(chat.locator(".quick-replies button").last).to_be_focused()
    assert await focused_outline(frame) == "solid"
    await keyboard.press("Enter")
    await wait_for_reply(chat, before)
    await expect(chat.locator("#input")).to_be_focused()

    before = await bot_replies(chat)
    await keyboard.type("what is peer support?")
    await keyboard.press("Enter")
    await wait_for_reply(chat, before)
    await expect(chat.locator("#input")).to_be_focused()

    # Every always-visible control is reachable with Tab.
    await chat.locator("#close").focus()
    reached: list[str] = []
    for _ in range(6):
        await keyboard.press("Tab")
        reached.append(str(await frame.evaluate("document.activeElement.id")))
    assert {"help", "talk", "exit"} <= set(reached), reached

    await keyboard.press("Escape")
    await expect(launcher).to_be_focused()
    await expect(page.locator("#cymar-widget .panel")).to_be_hidden()
    await context.close()


# -- resume after a reload or a network drop --------------------------------------------------


async def test_a_reload_mid_conversation_shows_the_history_once(
    browser: Browser, stack: Stack
) -> None:
    page = await open_chat(browser, stack, "en")
    before = await bot_replies(page)
    await say(page, "what is peer support?")
    await wait_for_reply(page, before)
    shown = await page.locator("#transcript > li").count()
    conversation = await page.evaluate("JSON.parse(sessionStorage.getItem('cymar.chat.v1')).id")
    await page.reload()
    await expect(page.locator("#transcript > li")).to_have_count(shown)
    await expect(page.locator("#transcript")).to_contain_text("what is peer support?")
    assert (
        await page.evaluate("JSON.parse(sessionStorage.getItem('cymar.chat.v1')).id")
        == conversation
    )
    seqs = await page.locator("#transcript > li[data-seq]").evaluate_all(
        "items => items.map(li => Number(li.dataset.seq))"
    )
    assert seqs == sorted(set(seqs))
    # And it carries on.
    before = await bot_replies(page)
    await say(page, "are you a bot?")
    await wait_for_reply(page, before)
    await page.context.close()


async def test_the_embedded_widget_resumes_after_the_host_page_reloads(
    browser: Browser, stack: Stack, host_site: HostSite
) -> None:
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(host_site.url)
    await page.locator("#cymar-widget .launcher").click()
    chat = page.frame_locator("iframe")
    await expect(chat.locator("#transcript > li").first).to_be_visible()
    before = await bot_replies(chat)
    await say(chat, "what is peer support?")
    await wait_for_reply(chat, before)
    shown = await chat.locator("#transcript > li").count()
    await page.reload()
    # It was open, so it opens again, with the same conversation and nothing twice.
    await expect(page.locator("#cymar-widget .launcher")).to_have_attribute("aria-expanded", "true")
    await expect(chat.locator("#transcript > li")).to_have_count(shown)
    await expect(chat.locator("#transcript")).to_contain_text("what is peer support?")
    await context.close()


async def test_a_reply_lost_in_a_network_drop_is_resent_and_answered_once(
    browser: Browser, stack: Stack
) -> None:
    page = await open_chat(browser, stack, "en")
    dropped: list[str] = []

    async def drop_first_answer(route: Any) -> None:
        if not dropped:
            # The server gets the message and answers; the answer is lost on the way back.
            await route.fetch()
            dropped.append(route.request.post_data or "")
            await route.abort("connectionreset")
        else:
            await route.continue_()

    await page.route("**/messages", drop_first_answer)
    before = await bot_replies(page)
    await say(page, "what is peer support?")
    await expect(page.locator("#status")).to_contain_text("connection has dropped")
    await wait_for_reply(page, before)
    await expect(page.locator("#status")).to_have_text("")
    await expect(page.locator("#transcript > li.msg-user")).to_have_count(1)
    conversation = await page.evaluate("JSON.parse(sessionStorage.getItem('cymar.chat.v1')).id")
    history = httpx.get(f"{stack.base_url}/api/conversations/{conversation}").json()
    users = [m for m in history["messages"] if m["from"] == "user"]
    assert [m["text"] for m in users] == ["what is peer support?"]  # answered, not re-run
    bot_messages = [m for m in history["messages"] if m["from"] == "bot"]
    await expect(page.locator("#transcript > li.msg-bot")).to_have_count(len(bot_messages))
    # Offline for a while, then back: the waiting message goes once the network returns.
    await page.context.set_offline(True)
    before = await bot_replies(page)
    await say(page, "are you a bot?")
    await expect(page.locator("li.msg-user .msg-note").last).to_contain_text("Not sent yet")
    await page.context.set_offline(False)
    await wait_for_reply(page, before)
    await page.context.close()


# -- small screens, zoom, reduced motion, forced colours --------------------------------------


async def test_works_at_320_px_and_400_percent_zoom_and_in_forced_colours(
    browser: Browser, stack: Stack, host_site: HostSite
) -> None:
    # 1280 x 720 at 400% zoom is a 320 x 180 CSS-pixel viewport.
    for width, height in ((320, 640), (320, 180)):
        context = await browser.new_context(
            viewport={"width": width, "height": height}, reduced_motion="reduce"
        )
        page = await context.new_page()
        await page.goto(f"{stack.base_url}/chat?language=cy")
        await expect(page.locator("#transcript > li").first).to_be_visible()
        overflow = await page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"horizontal scrolling at {width}x{height}"
        await page.locator("#input").scroll_into_view_if_needed()
        await expect(page.locator("#input")).to_be_in_viewport()
        await expect(page.locator("#exit")).to_be_visible()
        await screenshot(page, f"chat-{width}x{height}")
        await no_axe_violations(page, f"{width}x{height}")
        await context.close()

    context = await browser.new_context(viewport={"width": 320, "height": 640})
    page = await context.new_page()
    await page.goto(host_site.url)
    await page.locator("#cymar-widget .launcher").click()
    chat = page.frame_locator("iframe")
    await expect(chat.locator("#transcript > li").first).to_be_visible()
    box = await page.locator("#cymar-widget .panel").bounding_box()
    assert box is not None and box["width"] == 320  # the whole screen on a phone
    await screenshot(page, "open-320")
    await page.emulate_media(forced_colors="active")
    await screenshot(page, "open-320-forced-colours")
    await no_axe_violations(chat_frame(page), "open at 320 px, forced colours")
    await context.close()
