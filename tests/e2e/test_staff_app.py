"""The staff app in a real headless Chromium against the whole stack.

axe-core finds no WCAG 2.2 A/AA violation on the main screens, in Welsh and in English,
including forms showing errors and the confirmation step; an admin changes a crisis line
with the keyboard alone; sign-in throttling holds across two real web processes.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect
from sqlalchemy import create_engine, text

from bot.ops.stack import Stack, free_port, prepare_database
from bot.settings import ROOT
from tests.e2e.peers import PASSWORD, staff_cli
from tests.e2e.test_handoff import start_web, wait_healthy
from tests.e2e.test_widget import no_axe_violations

pytestmark = pytest.mark.e2e
TIMEOUT = 15_000


def make_admin(stack: Stack, name: str, language: str) -> str:
    """An admin made the way an operator makes the first one: `make admin` with the
    password in ADMIN_PASSWORD (for automation)."""
    username = f"{name}-{int(time.time() * 1000) % 10_000_000}"
    command = ["create-admin", "--username", username, "--ui-language", language]
    done = subprocess.run(
        [sys.executable, "-m", "bot.ops.staff", *command],
        cwd=ROOT,
        env={**stack.env, "ADMIN_PASSWORD": PASSWORD},
        input=f"Admin {language}\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return username


async def sign_in(page: Page, stack: Stack, username: str) -> None:
    await page.goto(f"{stack.base_url}/admin")  # not signed in: the sign-in page
    await page.fill("#username", username)
    await page.fill("#password", PASSWORD)
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/admin", timeout=TIMEOUT)


async def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has focus, as a keyboard user would; fail if never."""
    for _ in range(limit):
        if await page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            outline = await page.evaluate(
                "() => getComputedStyle(document.activeElement).outlineStyle"
            )
            assert outline != "none", f"{selector} has focus but no visible outline"
            return
        await page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


@pytest.fixture
def shout_line(stack: Stack) -> Iterator[None]:
    """Tests here change the Shout line on the shared stack; it is put back afterwards."""
    engine = create_engine(stack.env["DATABASE_URL"])
    columns = "when_en, when_cy, phone, sms, position, active"
    with engine.connect() as conn:
        before = conn.execute(text(f"SELECT {columns} FROM crisis_line WHERE slug='shout'")).one()
    yield
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE crisis_line SET when_en=:a, when_cy=:b, phone=:c, sms=:d, position=:e,"
                " active=:f WHERE slug='shout'"
            ),
            dict(zip("abcdef", before, strict=True)),
        )
    engine.dispose()


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_the_staff_screens_are_accessible_in_each_language(
    stack: Stack, browser: Browser, language: str, shout_line: None
) -> None:
    admin = make_admin(stack, f"axe-admin-{language}", language)
    page = await browser.new_page()
    await sign_in(page, stack, admin)
    assert await page.evaluate("document.documentElement.lang") == language
    await no_axe_violations(page, f"dashboard ({language})")
    for path, state in (
        ("/admin/crisis-lines", "crisis lines"),
        ("/admin/crisis-lines/shout/edit", "crisis line form"),
        ("/admin/accounts", "accounts"),
        ("/admin/answers", "answers"),
        ("/admin/answers?topic=peer_support&state=published&q=free", "answers, filtered"),
        ("/admin/answers/utter_peer_support/cost", "an answer"),
        ("/admin/answers/utter_peer_support/cost/edit", "answer editor"),
        ("/admin/answers/utter_peer_support/cost/history", "answer history"),
        ("/admin/audit", "audit log"),
        ("/admin/audit?action=sign_in&q=axe", "audit log, filtered"),
        ("/admin/account/password", "change password"),
        ("/admin/inbox", "not allowed (an admin is not a peer supporter)"),
        ("/admin/no-such-screen", "not found"),
    ):
        await page.goto(f"{stack.base_url}{path}")
        await no_axe_violations(page, f"{state} ({language})")

    # A crisis line form with errors, then the confirmation step (left without saving).
    await page.goto(f"{stack.base_url}/admin/crisis-lines/shout/edit")
    await page.fill("#sms", "123")
    await page.locator("main form button[type=submit]").click()
    await expect(page.locator("#error-summary")).to_be_focused()
    await no_axe_violations(page, f"crisis line form with errors ({language})")
    await page.fill("#sms", "85258")
    await page.fill("#when_en", "24 hours, free text, every day")
    await page.locator("main form button[type=submit]").click()
    await expect(page.locator("#confirm")).to_be_visible()
    await no_axe_violations(page, f"crisis line confirmation ({language})")
    await page.locator("button[value=change]").click()
    await expect(page.locator("#when_en")).to_have_value("24 hours, free text, every day")

    # A new account: errors first, then the one-time password, then its page.
    await page.goto(f"{stack.base_url}/admin/accounts/new")
    await no_axe_violations(page, f"new account ({language})")
    await page.locator("main form button[type=submit]").click()
    await expect(page.locator("#error-summary")).to_be_focused()
    await no_axe_violations(page, f"new account with errors ({language})")
    newcomer = f"newcomer-{language}-{int(time.time() * 1000) % 10_000_000}"
    await page.fill("#username", newcomer)
    await page.fill("#display_name", "Newydd")
    await page.locator("#roles input[value=reviewer]").check()
    await page.locator("main form button[type=submit]").click()
    await expect(page.locator(".one-time-password code")).to_be_visible()
    await no_axe_violations(page, f"one-time password ({language})")
    await page.goto(f"{stack.base_url}/admin/accounts")
    await page.locator(f"a:text-is('{newcomer}')").click()
    await no_axe_violations(page, f"account ({language})")
    await page.locator("a[href$='/deactivate']").click()
    await no_axe_violations(page, f"deactivate, confirm ({language})")
    await page.close()


async def test_an_admin_changes_a_crisis_line_with_the_keyboard_alone(
    stack: Stack, browser: Browser, shout_line: None
) -> None:
    admin = make_admin(stack, "keyboard-admin", "en")
    page = await browser.new_page()
    await page.goto(f"{stack.base_url}/admin/login")
    await tab_to(page, "#username")
    await page.keyboard.type(admin)
    await page.keyboard.press("Tab")
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/admin", timeout=TIMEOUT)

    await tab_to(page, "a[href='/admin/crisis-lines']")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/admin/crisis-lines", timeout=TIMEOUT)
    await tab_to(page, "a[href='/admin/crisis-lines/shout/edit']")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/shout/edit", timeout=TIMEOUT)

    # A mistake first: the summary takes focus, and its link takes focus to the field.
    await tab_to(page, "#sms")
    await page.keyboard.press("Control+A")
    await page.keyboard.type("8525")
    await page.keyboard.press("Enter")
    await expect(page.locator("#error-summary")).to_be_focused()
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")
    await expect(page.locator("#sms")).to_be_focused()
    await page.keyboard.press("Control+A")
    await page.keyboard.type("85258")

    await tab_to(page, "#when_en")
    await page.keyboard.press("Control+A")
    await page.keyboard.type("24 hours, free text (checked by keyboard)")
    await tab_to(page, "main form button[type=submit]")
    await page.keyboard.press("Enter")
    await expect(page.locator("h1")).to_have_text("Check before you save")
    await expect(page.locator("table.changes")).to_contain_text("checked by keyboard")
    await tab_to(page, "#confirm")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/admin/crisis-lines", timeout=TIMEOUT)
    await expect(page.locator(".flash")).to_contain_text("Crisis line “Shout” saved")

    shown = httpx.get(f"{stack.base_url}/api/crisis-lines?language=en").json()["lines"]
    assert any(line["when"] == "24 hours, free text (checked by keyboard)" for line in shown)
    await page.goto(f"{stack.base_url}/admin/audit?subject=crisis_line:shout")
    await expect(page.locator("table.audit")).to_contain_text(admin)
    await expect(page.locator("table.audit")).to_contain_text("checked by keyboard")
    await page.close()


def attempt(base_url: str, username: str, password: str) -> httpx.Response:
    with httpx.Client(base_url=base_url, follow_redirects=False) as http:
        form = http.get("/admin/login?lang=en")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token
        return http.post(
            "/admin/login?lang=en",
            data={"username": username, "password": password, "csrf_token": token.group(1)},
            headers={"Cookie": f"cymar_staff_pre={form.cookies['cymar_staff_pre']}"},
        )


def test_sign_in_throttling_holds_across_two_web_processes(stack: Stack, tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'throttle.db'}"
    prepare_database(database_url, directory=False)
    env = {**stack.env, "DATABASE_URL": database_url}
    staff_cli(
        Stack(stack.base_url, env, stack.log_path, stack.process),
        *("create", "--username", "sian", "--name", "Sian", "--role", "peer_supporter"),
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    ports = [free_port(), free_port()]
    webs = [start_web(env, port, tmp_path / f"web{port}.log") for port in ports]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            wait_healthy(url)
        for n in range(5):
            assert attempt(urls[n % 2], "sian", "not the password").status_code == 401
        for url in urls:
            blocked = attempt(url, "sian", PASSWORD)
            assert blocked.status_code == 429
            assert "Too many attempts to sign in" in blocked.text
    finally:
        for web in webs:
            web.terminate()
            web.wait(timeout=20)
