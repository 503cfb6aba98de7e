"""Feedback and stories against the whole stack (real Rasa, real browser): a person's
"Yes" reaches the curators' counts, and axe-core finds no WCAG 2.2 A/AA violation on the
feedback and stories screens in Welsh and English, with an error showing and at the
delete confirmation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.async_api import Browser, expect
from sqlalchemy import create_engine, text

from bot.conversations.feedback import wales_today
from bot.ops.stack import Stack
from tests.e2e.test_conversations import Person
from tests.e2e.test_staff_app import TIMEOUT, make_admin, sign_in
from tests.e2e.test_widget import no_axe_violations

pytestmark = pytest.mark.e2e


def add_story(stack: Stack, words: str, language: str) -> int:
    engine = create_engine(stack.env["DATABASE_URL"])
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO story (text, language, day, follows, selected, selection_note)"
                    " VALUES (:text, :language, :day, 'peer_chat', 0, '')"
                ),
                {"text": words, "language": language, "day": wales_today() - timedelta(days=1)},
            )
            return int(conn.execute(text("SELECT max(id) FROM story")).scalar_one())
    finally:
        engine.dispose()


def test_a_persons_yes_reaches_the_counts(stack: Stack) -> None:
    person = Person(stack, "en")
    turn = person.say("what actually is peer support?")
    answer = turn["messages"][0]
    assert "Was this answer helpful?" in answer["text"]
    yes = next(
        b for b in answer["buttons"] if b["payload"].startswith('/rate_answer{"helpful": "yes"')
    )
    thanks = person.press(yes["payload"])
    assert thanks["messages"][0]["text"].startswith("Thank you for letting us know.")
    engine = create_engine(stack.env["DATABASE_URL"])
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT response_key, language, helpful FROM answer_feedback")
            ).all()
    finally:
        engine.dispose()
    [(key, language, helpful)] = rows
    assert key.startswith("utter_peer_support/") and (language, helpful) == ("en", 1)


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_the_feedback_and_stories_screens_are_accessible(
    stack: Stack, browser: Browser, language: str
) -> None:
    story = add_story(
        stack, "Rhoddodd y grŵp hyder i mi." if language == "cy" else "It helped.", language
    )
    admin = make_admin(stack, f"axe-stories-{language}", language)
    page = await browser.new_page()
    await sign_in(page, stack, admin)
    await page.goto(f"{stack.base_url}/admin/feedback")
    await no_axe_violations(page, f"answer feedback ({language})")
    await page.goto(f"{stack.base_url}/admin/feedback?since=2026-12-31&until=2026-01-01")
    await no_axe_violations(page, f"answer feedback, bad period ({language})")
    await page.goto(f"{stack.base_url}/admin/stories")
    await no_axe_violations(page, f"stories ({language})")
    # A tag that cannot be one: the error beside the field and in the summary.
    await page.fill(f"#tag-{story}", "=sum(1)")
    await page.locator(f"#tag-{story}").press("Enter")
    await expect(page.locator("#error-summary")).to_be_visible(timeout=TIMEOUT)
    await no_axe_violations(page, f"stories, bad tag ({language})")
    await page.fill(f"#tag-{story}", "hyder")
    await page.locator(f"#tag-{story}").press("Enter")
    await expect(page.locator(f"#story-{story} .tag-list")).to_contain_text(
        "hyder", timeout=TIMEOUT
    )
    await no_axe_violations(page, f"stories, tagged ({language})")
    await page.goto(f"{stack.base_url}/admin/stories/delete?story_id={story}&back=/admin/stories")
    await no_axe_violations(page, f"delete a story, confirm ({language})")
    await page.close()
