"""The staff screens in a real browser: axe-core finds no WCAG 2.2 A/AA violation on the
sign-in page, the empty inbox, the inbox with a request waiting, an open chat and the
contact requests page, in Welsh and English; and a supporter can claim and reply by
keyboard alone. The directory screens (list, service, forms with errors, CSV import and
its preview) are checked the same way."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.async_api import Browser

from bot.ops.stack import Stack
from tests.e2e.peers import PASSWORD, staff_cli
from tests.e2e.test_conversations import Person
from tests.e2e.test_handoff import make
from tests.e2e.test_widget import no_axe_violations

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_the_peer_inbox_is_accessible_and_works_by_keyboard(
    stack: Stack,
    browser: Browser,
    staff: list[str],
    language: str,
) -> None:
    username = make(stack, staff, f"axe-{language}", "cy,en")
    page = await browser.new_page()
    await page.goto(f"{stack.base_url}/admin/login?lang={language}")
    await no_axe_violations(page, f"sign-in ({language})")
    await page.keyboard.press("Tab")  # the skip link first
    await page.fill("#username", username)
    await page.fill("#password", PASSWORD)
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/admin")
    await page.goto(f"{stack.base_url}/admin/inbox?lang={language}")
    await page.wait_for_selector("#connection[data-state='open']")
    await no_axe_violations(page, f"empty inbox ({language})")

    duty = page.locator("#duty")
    await duty.focus()
    await page.keyboard.press("Enter")
    await page.wait_for_selector("#duty[aria-pressed='true']")
    # Other tests share this stack and may have left requests waiting: claim this person's,
    # the one that appears after they ask.
    waiting = await page.eval_on_selector_all(
        "#queue-list li", "items => items.map(li => li.dataset.id)"
    )
    person = Person(stack, language)
    person.press("/talk_to_person")
    theirs = await page.wait_for_function(
        """(before) => [...document.querySelectorAll('#queue-list li')]
            .map(li => li.dataset.id).find(id => !before.includes(id))""",
        arg=waiting,
    )
    claim = page.locator(f"#queue-list li[data-id='{await theirs.json_value()}'] button")
    await claim.wait_for()
    await no_axe_violations(page, f"request waiting ({language})")

    await claim.focus()
    await page.keyboard.press("Enter")
    await page.wait_for_selector("#chat:not([hidden])")
    await page.locator("#message").focus()
    await page.keyboard.type("Helo / Hello")
    await page.keyboard.press("Enter")
    # The stored copy (it has a seq; the "sending" one shown at once has none): only then is
    # the message in the conversation for the person.
    await page.wait_for_selector("#transcript li.from-peer:not([data-seq=''])")
    await no_axe_violations(page, f"open chat ({language})")
    history = person.http.get(f"/api/conversations/{person.id}").json()["messages"]
    from_peer = [m["text"] for m in history if m["from"] == "peer"]
    assert "Helo / Hello" in from_peer, from_peer

    await page.locator("#end-form button").click()
    await page.wait_for_selector("#chat[hidden]", state="attached")
    await page.goto(f"{stack.base_url}/admin/callbacks?lang={language}")
    await no_axe_violations(page, f"contact requests ({language})")
    await page.close()


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_the_directory_screens_are_accessible(
    stack: Stack, browser: Browser, language: str, tmp_path: Path
) -> None:
    username = f"axe-editor-{language}-{int(time.time() * 1000) % 10_000_000}"
    staff_cli(
        stack,
        *("create", "--username", username, "--name", "Golygydd", "--role", "editor"),
        *("--languages", "cy,en", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    page = await browser.new_page()
    await page.goto(f"{stack.base_url}/admin/login?lang={language}")
    await page.fill("#username", username)
    await page.fill("#password", PASSWORD)
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/admin")
    base = f"{stack.base_url}/admin/directory"
    service = f"{base}/services/sample-cardiff-anxiety-peer-group"
    for path, state in (
        (f"{base}?lang={language}", "directory list"),
        (f"{base}?q=cardiff&kind=peer_support_group&lang={language}", "filtered list"),
        (f"{service}?lang={language}", "one service"),
        (f"{service}/edit?lang={language}", "service form"),
        (f"{base}/organisations?lang={language}", "organisations"),
        (f"{base}/organisations/new?lang={language}", "organisation form"),
        (f"{base}/import?lang={language}", "CSV import"),
    ):
        await page.goto(path)
        await no_axe_violations(page, f"{state} ({language})")
    await page.goto(f"{service}/edit?lang={language}")
    await page.fill("#title_cy", "")
    await page.fill("#postcode", "nope")
    await page.locator("form.stack button[type=submit]").click()
    await page.wait_for_selector("#error-summary")
    await no_axe_violations(page, f"service form with errors ({language})")
    upload = tmp_path / "directory.csv"
    upload.write_text("slug,title\nx,y\n", encoding="utf-8")
    await page.goto(f"{base}/import?lang={language}")
    await page.set_input_files("#file", str(upload))
    await page.locator("form.stack button[type=submit]").click()
    await page.wait_for_selector("#error-summary")
    await no_axe_violations(page, f"CSV import, bad file ({language})")
    exported = await (await page.request.get(f"{base}/export.csv")).body()
    upload.write_bytes(exported.replace(b"Anxiety peer support group", b"Anxiety group", 1))
    await page.goto(f"{base}/import?lang={language}")
    await page.set_input_files("#file", str(upload))
    await page.locator("form.stack button[type=submit]").click()
    await page.wait_for_selector("table")
    await no_axe_violations(page, f"CSV import preview ({language})")
    await page.close()
