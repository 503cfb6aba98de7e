"""An answer edited in the staff app, in a real browser, reviewed by a second person and
published, is what the very next bot reply says through the public API, in Welsh and in
English; rolling back puts the old text back just as quickly. The screens pass axe-core on
the way (the editor with errors and with its preview included)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.async_api import Browser, Page, expect

from bot.ops.stack import Stack
from bot.staff import answers
from bot.store.db import get_sessionmaker
from tests.e2e.peers import PASSWORD, staff_cli
from tests.e2e.test_conversations import Person, texts
from tests.e2e.test_widget import no_axe_violations

pytestmark = pytest.mark.e2e
TIMEOUT = 20_000
KEY = "utter_peer_support/cost"
FAQ = '/ask_faq{"faq_key": "peer_support/cost"}'
NEW_EN = "Peer support is free (edited in the staff app)."
NEW_CY = "Mae cymorth gan gymheiriaid am ddim (wedi'i olygu yn yr ap staff)."


def make_staff(stack: Stack, name: str, role: str, ui_language: str) -> str:
    username = f"{name}-{int(time.time() * 1000) % 10_000_000}"
    staff_cli(
        stack,
        "create",
        "--username",
        username,
        "--name",
        name.title(),
        "--role",
        role,
        "--languages",
        "cy,en",
        "--ui-language",
        ui_language,
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    return username


async def signed_in(browser: Browser, stack: Stack, username: str) -> Page:
    page = await browser.new_page()  # a context of its own: its own cookies
    await page.goto(f"{stack.base_url}/admin/login")
    await page.fill("#username", username)
    await page.fill("#password", PASSWORD)
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/admin", timeout=TIMEOUT)
    return page


def reply_to_faq(stack: Stack, language: str) -> str:
    """The answer a new person gets (without the "Was this helpful?" that follows it)."""
    person = Person(stack, language)
    turn = person.press(FAQ)
    return "\n".join(texts(turn))


@pytest.fixture
def original_answer(stack: Stack) -> Iterator[answers.Proposal]:
    """The shared stack's other tests expect the seeded text: put it back whatever happens."""
    sessions = get_sessionmaker(stack.env["DATABASE_URL"])
    with sessions() as session:
        original = answers.published_proposal(session, KEY)
    assert original is not None
    yield original
    with sessions() as session, session.begin():
        if not original.same_as(answers.published_proposal(session, KEY)):
            answers.publish_reviewed(
                session, KEY, original, kind="rollback", actor_id=None, author="e2e cleanup"
            )


async def test_an_answer_published_in_the_staff_app_is_the_next_reply_in_each_language(
    stack: Stack, browser: Browser, original_answer: answers.Proposal
) -> None:
    assert reply_to_faq(stack, "en") == original_answer.en.text
    # The editor works in Welsh, the reviewer in English.
    editor = await signed_in(browser, stack, make_staff(stack, "golygydd", "editor", "cy"))
    await editor.goto(f"{stack.base_url}/admin/answers")
    await no_axe_violations(editor, "answers list")
    await editor.goto(f"{stack.base_url}/admin/answers/{KEY}/edit")
    await no_axe_violations(editor, "answer editor")

    # A mistake first (English missing): the summary takes focus, nothing is lost.
    await editor.fill("#text_cy", NEW_CY)
    await editor.fill("#text_en", "")
    await editor.locator("#title_en_1").fill("")
    await editor.locator("button[value=save]").click()
    await expect(editor.locator("#error-summary")).to_be_focused()
    await expect(editor.locator("#text_cy")).to_have_value(NEW_CY)
    await no_axe_violations(editor, "answer editor with errors")

    # The preview follows what is typed (the script), and the Preview button works too.
    await editor.fill("#text_en", NEW_EN)
    await expect(editor.locator("#answer-preview .bubble[lang=en]")).to_contain_text(
        NEW_EN, timeout=TIMEOUT
    )
    await editor.goto(f"{stack.base_url}/admin/answers/{KEY}/edit")
    await editor.fill("#text_cy", NEW_CY)
    await editor.fill("#text_en", NEW_EN)
    await editor.locator("button[value=preview]").click()
    await expect(editor.locator(".telegram-message[lang=cy]")).to_contain_text(NEW_CY)
    await no_axe_violations(editor, "answer editor with its preview")
    await editor.locator("button[value=save]").click()
    await editor.wait_for_url(f"**/admin/answers/{KEY}", timeout=TIMEOUT)
    await no_axe_violations(editor, "an answer with a draft")
    await editor.locator(f"form[action='/admin/answers/{KEY}/submit'] button").click()
    await expect(editor.locator(".flash")).to_contain_text("i'w adolygu")
    assert reply_to_faq(stack, "en") == original_answer.en.text  # not live yet

    reviewer = await signed_in(browser, stack, make_staff(stack, "reviewer", "reviewer", "en"))
    await reviewer.goto(f"{stack.base_url}/admin/answers/{KEY}")
    await reviewer.locator(f"form[action='/admin/answers/{KEY}/approve'] button").click()
    await expect(reviewer.locator(".flash")).to_contain_text("approved")

    await editor.goto(f"{stack.base_url}/admin/answers/{KEY}")
    await editor.locator(f"form[action='/admin/answers/{KEY}/publish'] button").click()
    await expect(editor.locator(".flash")).to_contain_text("Mae'n fyw o'r ateb nesaf ymlaen")

    # The very next reply, through the public API, in each language: no restart, no training.
    assert reply_to_faq(stack, "en") == NEW_EN
    assert reply_to_faq(stack, "cy") == NEW_CY

    await editor.goto(f"{stack.base_url}/admin/answers/{KEY}/history")
    await no_axe_violations(editor, "answer history")
    await editor.locator("form[action$='/rollback'] button").last.click()
    await expect(editor.locator(".flash")).to_contain_text("yn ôl fel yr oedd yn fersiwn 1")
    assert reply_to_faq(stack, "en") == original_answer.en.text
    assert reply_to_faq(stack, "cy") == original_answer.cy.text
    await editor.close()
    await reviewer.close()
