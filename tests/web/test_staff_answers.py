"""The answers screens over real HTTP and the real database: edit both languages side by
side, review by someone other than the author, lived-experience sign-off, publish (live for
the very next reply), history with diffs and rollback. The rules are also checked straight
against the domain layer, so no screen can get round them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.content.model import Button
from bot.staff import answers
from bot.staff.answers import AnswerRefused, AnswerText, Proposal, ProposalInvalid
from bot.store.models import ResponseChange, ResponseRevision, StaffAccount
from bot.web.staff_kit import StaffMember
from tests.web.staff_helpers import StaffBrowser, audit_actions, last_audit, make_account

KEY = "utter_peer_support/cost"
PAGE = f"/admin/answers/{KEY}"
NEW_CY = (
    "Mae cymorth gan gymheiriaid am ddim bob tro.\n"
    "Gofynnwch i'r gwasanaeth os nad ydych chi'n siŵr."
)
NEW_EN = "Peer support is always free.\nAsk the service if you are not sure."


def form_for(
    text_cy: str, text_en: str, buttons_cy: list[tuple[str, str]], buttons_en: list[tuple[str, str]]
) -> dict[str, object]:
    form: dict[str, object] = {"text_cy": text_cy, "text_en": text_en, "action": "save"}
    for lang, buttons in (("cy", buttons_cy), ("en", buttons_en)):
        for number, (title, payload) in enumerate(buttons, start=1):
            form[f"title_{lang}_{number}"] = title
            form[f"payload_{lang}_{number}"] = payload
    return form


def stamp_of(page_html: str) -> str:
    """The hidden field a browser would send back with the edit form."""
    found = re.search(r'name="stamp" value="([^"]*)"', page_html)
    assert found, "no stamp on the edit form"
    return found.group(1)


def post_edit(browser: StaffBrowser, form: dict[str, object], **kwargs: object):  # type: ignore[no-untyped-def]
    page = browser.get(f"{PAGE}/edit")
    return browser.post(f"{PAGE}/edit", {**form, "stamp": stamp_of(page.text)}, **kwargs)


def live_buttons(catalogue: ResponseCatalogue, lang: str) -> list[tuple[str, str]]:
    return [(b.title, b.payload) for b in catalogue.text_for(KEY, lang).buttons]  # type: ignore[arg-type]


@pytest.fixture
def team(sessions: Callable[[], Session]) -> dict[str, int]:
    return {
        "editor": make_account(sessions, "eleri", ["editor"]),
        "editor2": make_account(sessions, "emyr", ["editor"], ui_language="cy"),
        "reviewer": make_account(sessions, "rhian", ["reviewer"]),
        "editing_reviewer": make_account(sessions, "rhys", ["editor", "reviewer"]),
        "lived": make_account(sessions, "lowri", ["lived_experience_reviewer"]),
    }


def browser_as(client: TestClient, sessions: Callable[[], Session], staff_id: int) -> StaffBrowser:
    client.cookies.clear()
    browser = StaffBrowser(client)
    browser.use_session_of(sessions, staff_id)
    return browser


def member(sessions: Callable[[], Session], staff_id: int) -> StaffMember:
    with sessions() as session:
        account = session.get(StaffAccount, staff_id)
        assert account is not None
        return StaffMember.of(account)


def open_change_id(sessions: Callable[[], Session]) -> int:
    with sessions() as session:
        change = answers.open_change(session, KEY)
        assert change is not None
        return change.id


def save_edit(
    browser: StaffBrowser,
    catalogue: ResponseCatalogue,
    text_cy: str = NEW_CY,
    text_en: str = NEW_EN,
) -> None:
    form = form_for(text_cy, text_en, live_buttons(catalogue, "cy"), live_buttons(catalogue, "en"))
    saved = post_edit(browser, form, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:2000]


def test_the_list_groups_answers_by_topic_with_state_filters_and_search(
    staff_client: TestClient, sessions: Callable[[], Session], team: dict[str, int]
) -> None:
    browser = browser_as(staff_client, sessions, team["editor"])
    page = browser.get("/admin/answers")
    assert page.status_code == 200
    assert '<h2 id="topic-peer_support">peer_support</h2>' in page.text
    assert KEY in page.text and "utter_greet" in page.text
    assert "Both languages complete" in page.text and "Published" in page.text
    searched = browser.get("/admin/answers", params={"q": "always free"})
    assert KEY not in searched.text  # not written yet
    searched = browser.get("/admin/answers", params={"q": "am ddim"})  # Welsh text search
    assert KEY in searched.text and "utter_greet" not in searched.text
    by_topic = browser.get("/admin/answers", params={"topic": "chitchat"})
    assert "utter_greet" in by_topic.text and KEY not in by_topic.text
    assert "No answer matches" in browser.get("/admin/answers", params={"state": "draft"}).text


def test_an_edit_is_a_draft_nobody_sees_until_reviewed_and_published_by_the_rules(
    staff_client: TestClient,
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    team: dict[str, int],
) -> None:
    before_en = catalogue.render(KEY, "en").text
    author = browser_as(staff_client, sessions, team["editor"])
    save_edit(author, catalogue)
    assert catalogue.render(KEY, "en").text == before_en  # a draft is not live
    drafts = author.get("/admin/answers", params={"state": "draft"})
    assert KEY in drafts.text
    change_id = open_change_id(sessions)

    # Publishing before approval is refused, on the page and in the domain layer.
    author.get(PAGE)
    refused = author.post(f"{PAGE}/publish", {"change_id": change_id})
    assert "nobody has approved it yet" in refused.text
    with sessions() as session, pytest.raises(AnswerRefused, match="not_approved"):
        answers.publish(session, KEY, change_id, member(sessions, team["editor"]))

    author.post(f"{PAGE}/submit", {"change_id": change_id})
    # The author cannot approve their own change, even holding the reviewer role.
    own = browser_as(staff_client, sessions, team["editing_reviewer"])
    save_edit(own, catalogue, text_en=NEW_EN + " Thanks.")  # now an editor of it too
    change_id = open_change_id(sessions)
    own.post(f"{PAGE}/submit", {"change_id": change_id})
    page = own.get(PAGE)
    assert "someone else must review it" in page.text
    assert f'action="{PAGE}/approve"' not in page.text
    refused = own.post(f"{PAGE}/approve", {"change_id": change_id})
    assert "You cannot review a change you wrote or edited" in refused.text
    with sessions() as session, pytest.raises(AnswerRefused, match="own_change"):
        answers.approve(session, KEY, change_id, member(sessions, team["editing_reviewer"]))

    reviewer = browser_as(staff_client, sessions, team["reviewer"])
    page = reviewer.get(PAGE)
    assert "In review" in page.text and f'action="{PAGE}/approve"' in page.text
    approved = reviewer.post(f"{PAGE}/approve", {"change_id": change_id})
    assert f"{KEY} approved." in approved.text and "Approved by Rhian" in approved.text
    assert catalogue.render(KEY, "en").text == before_en  # approved is not live either

    publisher = browser_as(staff_client, sessions, team["editor"])
    publisher.get(PAGE)
    published = publisher.post(f"{PAGE}/publish", {"change_id": change_id})
    assert "It is live from the next reply" in published.text
    # Live for the very next reply, in each language, with no restart or retraining.
    assert catalogue.render(KEY, "en").text == NEW_EN + " Thanks."
    assert catalogue.render(KEY, "cy").text == NEW_CY
    with sessions() as session:
        live = session.scalars(
            select(ResponseRevision).where(
                ResponseRevision.response_key == KEY, ResponseRevision.status == "published"
            )
        ).all()
        assert sorted(r.language for r in live) == ["cy", "en"]  # the old ones superseded
    event = last_audit(sessions, "response_published")
    assert event.staff_id == team["editor"] and event.subject == f"response:{KEY}"
    assert event.changes["text_en"]["after"] == NEW_EN + " Thanks."
    assert event.changes["text_en"]["before"] == before_en
    assert event.detail["approved_by"] == team["reviewer"]
    assert audit_actions(sessions, f"response:{KEY}") == [
        "response_draft_saved",
        "response_submitted",
        "response_back_to_draft",
        "response_draft_saved",
        "response_submitted",
        "response_approved",
        "response_published",
    ]


def test_editing_a_change_in_review_sends_it_back_to_draft_and_clears_the_approval(
    staff_client: TestClient,
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    team: dict[str, int],
) -> None:
    author = browser_as(staff_client, sessions, team["editor"])
    save_edit(author, catalogue)
    change_id = open_change_id(sessions)
    author.post(f"{PAGE}/submit", {"change_id": change_id})
    reviewer = browser_as(staff_client, sessions, team["reviewer"])
    reviewer.get(PAGE)
    reviewer.post(f"{PAGE}/approve", {"change_id": change_id})
    other = browser_as(staff_client, sessions, team["editor2"])
    edit = other.get(f"{PAGE}/edit?lang=en")
    assert "Saving it sends it back to draft" in edit.text
    save_edit(other, catalogue, text_en=NEW_EN + " Really.")
    with sessions() as session:
        change = session.get(ResponseChange, change_id)
        assert change is not None
        assert change.status == "draft" and change.approved_by is None
        assert set(change.editor_ids) == {team["editor"], team["editor2"]}
    publisher = browser_as(staff_client, sessions, team["editor"])
    publisher.get(PAGE)
    refused = publisher.post(f"{PAGE}/publish", {"change_id": change_id})
    assert "nobody has approved it yet" in refused.text


def test_a_change_with_a_language_missing_or_mismatched_cannot_be_published(
    staff_client: TestClient,
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    team: dict[str, int],
) -> None:
    cy, en = live_buttons(catalogue, "cy"), live_buttons(catalogue, "en")
    author = browser_as(staff_client, sessions, team["editor"])
    # A draft may wait for its Welsh, but it cannot be sent for review (or published).
    saved = post_edit(author, form_for("", NEW_EN, cy, en), follow_redirects=False)
    assert saved.status_code == 303
    change_id = open_change_id(sessions)
    page = author.post(f"{PAGE}/submit", {"change_id": change_id})
    assert "needs correcting first" in page.text
    with sessions() as session, pytest.raises(ProposalInvalid) as invalid:
        answers.submit(session, KEY, change_id, member(sessions, team["editor"]))
    assert invalid.value.problems == {"text_cy": "error_answer_empty"}

    # Placeholders must match, and only those Cymar fills for this answer are allowed.
    bad = post_edit(author, form_for(NEW_CY + " {name}", NEW_EN, cy, en))
    assert bad.status_code == 400
    assert 'id="error-summary"' in bad.text
    assert "must use the same placeholders" in bad.text
    assert "Cymar can only fill in the placeholders this answer already has" in bad.text
    assert "siŵr. {name}</textarea>" in bad.text  # what was typed is kept
    # Buttons: the same number and the same actions in both languages.
    fewer = post_edit(author, form_for(NEW_CY, NEW_EN, cy[:1], en))
    assert "the same number of buttons" in fewer.text
    swapped = post_edit(author, form_for(NEW_CY, NEW_EN, cy[::-1], en))
    assert "The buttons must do the same, in the same order" in swapped.text
    broken = post_edit(author, form_for(NEW_CY, NEW_EN, [("Siarad", "talk")], en[:1]))
    assert "The action is not right" in broken.text
    too_long = post_edit(author, form_for("x" * 2001, NEW_EN, cy, en))
    assert "Shorten it to 2000 characters" in too_long.text

    # The domain layer refuses the same things whatever calls it.
    staff = member(sessions, team["editor"])
    with sessions() as session, pytest.raises(ProposalInvalid) as invalid:
        answers.save_draft(
            session,
            KEY,
            Proposal(
                AnswerText("cy", NEW_CY, (Button("Siarad", "/talk_to_person"),)),
                AnswerText("en", NEW_EN, ()),
            ),
            staff,
        )
    assert invalid.value.problems == {"buttons_en": "error_button_count_differs"}


def test_errors_are_in_the_staff_members_language(
    staff_client: TestClient,
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    team: dict[str, int],
) -> None:
    welsh = browser_as(staff_client, sessions, team["editor2"])  # ui_language cy
    page = post_edit(welsh, form_for("", "", [], []))
    assert page.status_code == 400
    assert '<html lang="cy">' in page.text
    assert "does dim modd cyhoeddi ateb heb y ddwy iaith" in page.text


def test_preview_shows_the_widget_and_telegram_without_javascript_and_saves_nothing(
    staff_client: TestClient,
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    team: dict[str, int],
) -> None:
    author = browser_as(staff_client, sessions, team["editor"])
    author.get(f"{PAGE}/edit")
    form = form_for(NEW_CY, NEW_EN, live_buttons(catalogue, "cy"), live_buttons(catalogue, "en"))
    form["action"] = "preview"
    page = author.post(f"{PAGE}/edit", form)
    assert page.status_code == 200
    assert "In the web widget" in page.text and "In Telegram" in page.text
    assert '<div class="bubble" lang="cy">' in page.text
    assert "Peer support is always free." in page.text
    assert "reading age about" in page.text and "words a sentence on average" in page.text
    with sessions() as session:
        assert answers.open_change(session, KEY) is None
    # The script asks for the preview alone as the person types.
    fragment = author.post(f"{PAGE}/preview", form)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert '<div class="telegram-message" lang="en">' in fragment.text


def test_a_lived_experience_sign_off_is_shown_on_the_answer_and_in_its_history(
    staff_client: TestClient,
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    team: dict[str, int],
) -> None:
    author = browser_as(staff_client, sessions, team["editor"])
    save_edit(author, catalogue)
    change_id = open_change_id(sessions)
    author.post(f"{PAGE}/submit", {"change_id": change_id})
    lived = browser_as(staff_client, sessions, team["lived"])
    page = lived.get(PAGE)
    assert f'action="{PAGE}/sign-off"' in page.text
    assert f'action="{PAGE}/approve"' not in page.text  # signing off is not approving
    signed = lived.post(f"{PAGE}/sign-off", {"change_id": change_id})
    assert "Lived-experience sign-off by Lowri" in signed.text
    reviewer = browser_as(staff_client, sessions, team["reviewer"])
    reviewer.get(PAGE)
    reviewer.post(f"{PAGE}/approve", {"change_id": change_id})
    publisher = browser_as(staff_client, sessions, team["editor"])
    publisher.get(PAGE)
    publisher.post(f"{PAGE}/publish", {"change_id": change_id})
    history = publisher.get(f"{PAGE}/history")
    assert "Lived-experience sign-off by Lowri" in history.text
    assert last_audit(sessions, "response_signed_off").staff_id == team["lived"]
    assert last_audit(sessions, "response_published").detail["signed_off_by"] == team["lived"]


def publish_via_domain(
    sessions: Callable[[], Session], team: dict[str, int], text_en: str, text_cy: str = NEW_CY
) -> None:
    editor, reviewer = member(sessions, team["editor"]), member(sessions, team["reviewer"])
    with sessions() as session, session.begin():
        live = answers.published_proposal(session, KEY)
        assert live is not None
        proposal = Proposal(
            AnswerText("cy", text_cy, live.cy.buttons), AnswerText("en", text_en, live.en.buttons)
        )
        change = answers.save_draft(session, KEY, proposal, editor)
        answers.submit(session, KEY, change.id, editor)
        answers.approve(session, KEY, change.id, reviewer)
        answers.publish(session, KEY, change.id, editor)


def test_history_shows_per_language_diffs_and_rollback_publishes_an_earlier_version(
    staff_client: TestClient,
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    team: dict[str, int],
) -> None:
    original_en = catalogue.render(KEY, "en").text
    original_cy = catalogue.render(KEY, "cy").text
    publish_via_domain(sessions, team, "First edit.")
    publish_via_domain(sessions, team, "Second edit.")
    browser = browser_as(staff_client, sessions, team["editor"])
    history = browser.get(f"{PAGE}/history")
    assert history.text.count('class="card"') == 3
    assert "Version 3" in history.text and "Live now" in history.text
    added = '<span class="visually-hidden" lang="en">Added: </span>Second edit.</ins>'
    assert '<li class="added"><ins>' + added in history.text
    assert "First edit.</del>" in history.text
    assert "No change in this language." in history.text  # v3 left the Welsh alone
    assert "from the answer files (seed)" in history.text

    with sessions() as session:
        first = answers.history(session, KEY)[-1]
    rolled = browser.post(f"{PAGE}/rollback", {"version": first.revision_id})
    assert "is back as it was in version 1" in rolled.text
    assert catalogue.render(KEY, "en").text == original_en
    assert catalogue.render(KEY, "cy").text == original_cy
    event = last_audit(sessions, "response_rolled_back")
    assert event.staff_id == team["editor"]
    assert event.changes["text_en"] == {"before": "Second edit.", "after": original_en}
    again = browser.post(f"{PAGE}/rollback", {"version": first.revision_id})
    assert "That is already the live text" in again.text
    with sessions() as session:
        assert len(answers.history(session, KEY)) == 4
    # A reviewer may read the history but not roll back.
    reviewer = browser_as(staff_client, sessions, team["reviewer"])
    assert f'action="{PAGE}/rollback"' not in reviewer.get(f"{PAGE}/history").text
    with sessions() as session, pytest.raises(AnswerRefused, match="permission"):
        answers.rollback(session, KEY, first.revision_id, member(sessions, team["reviewer"]))


def test_a_form_from_before_someone_elses_save_does_not_overwrite_it(
    staff_client: TestClient,
    sessions: Callable[[], Session],
    catalogue: ResponseCatalogue,
    team: dict[str, int],
) -> None:
    first = browser_as(staff_client, sessions, team["editor"])
    save_edit(first, catalogue)
    first.get(f"{PAGE}/edit")  # the form now carries this save's stamp
    stale_token = first.token
    second = browser_as(staff_client, sessions, team["editor2"])
    save_edit(second, catalogue, text_en="Second person's words.")
    first = browser_as(staff_client, sessions, team["editor"])
    first.get(f"{PAGE}/edit")
    cy, en = live_buttons(catalogue, "cy"), live_buttons(catalogue, "en")
    form = form_for(NEW_CY, "My words.", cy, en)
    form["stamp"] = "0:old"
    assert stale_token
    clash = first.post(f"{PAGE}/edit", form)
    assert clash.status_code == 409 and "Someone else saved this change" in clash.text
    assert "My words." in clash.text
    with sessions() as session:
        change = answers.open_change(session, KEY)
        assert change is not None
        assert answers.revisions_of(session, change)["en"].text == "Second person's words."
