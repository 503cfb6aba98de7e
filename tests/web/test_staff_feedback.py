"""The feedback and stories screens over real HTTP with the real migrated database: counts
per answer, reading, filtering, tagging, selecting, deleting and exporting stories, each
audit-logged, and who may do what."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.conversations.feedback import wales_today
from bot.store.models import AnswerFeedback, Story, StoryTag
from tests.web.staff_helpers import StaffBrowser, audit_actions, last_audit, make_account

TODAY = wales_today()


def add_story(
    sessions: Callable[[], Session],
    text: str,
    language: str = "en",
    follows: str = "peer_chat",
    day: date = TODAY,
    tags: tuple[str, ...] = (),
    selected: bool = False,
) -> int:
    with sessions() as session, session.begin():
        story = Story(text=text, language=language, day=day, follows=follows, selected=selected)
        story.tags = [StoryTag(tag=tag) for tag in tags]
        session.add(story)
        session.flush()
        return story.id


def tags_of(sessions: Callable[[], Session], story_id: int) -> list[str]:
    with sessions() as session:
        return list(
            session.scalars(
                select(StoryTag.tag).where(StoryTag.story_id == story_id).order_by(StoryTag.tag)
            )
        )


def signed_in(
    browser: StaffBrowser, sessions: Callable[[], Session], role: str = "editor", lang: str = "en"
) -> int:
    staff_id = make_account(sessions, f"{role}-{lang}", [role], ui_language=lang)
    browser.use_session_of(sessions, staff_id)
    return staff_id


# -- "Was this helpful?" counts -------------------------------------------------------------


def test_counts_per_answer_and_language_least_helpful_first(
    staff_browser: StaffBrowser, sessions: Callable[[], Session], catalogue: ResponseCatalogue
) -> None:
    with sessions() as session, session.begin():
        for key, language, helpful, days_ago in [
            ("utter_peer_support/cost", "en", True, 0),
            ("utter_peer_support/cost", "en", True, 1),
            ("utter_peer_support/cost", "cy", False, 2),
            ("utter_recovery_college/what_is", "en", False, 0),
            ("utter_recovery_college/what_is", "en", False, 3),
            ("utter_recovery_college/what_is", "en", True, 4),
            ("utter_wellbeing/what_is", "en", False, 60),  # outside the default 30 days
        ]:
            session.add(
                AnswerFeedback(
                    day=TODAY - timedelta(days=days_ago),
                    response_key=key,
                    language=language,
                    helpful=helpful,
                )
            )
    signed_in(staff_browser, sessions, "reviewer")
    page = staff_browser.get("/admin/feedback")
    assert page.status_code == 200
    body = page.text.split("<tbody>", 1)[1]
    rows = body.split("</tr>")[:-1]
    assert len(rows) == 3 and "utter_wellbeing/what_is" not in body
    # Recovery colleges: 1 helpful, 2 not (67%) first; then Welsh peer support cost (1 not).
    assert "utter_recovery_college/what_is" in rows[0] and ">2<" in rows[0] and ">67<" in rows[0]
    assert "utter_peer_support/cost" in rows[1] and "Welsh" in rows[1]
    assert "utter_peer_support/cost" in rows[2] and "English" in rows[2] and ">2<" in rows[2]
    # The answer as people read it now, so curators know which one it is.
    first_line = catalogue.text_for("utter_recovery_college/what_is", "en").text.splitlines()[0]
    assert html.escape(first_line[:60]) in rows[0]

    longer = staff_browser.get(
        f"/admin/feedback?since={(TODAY - timedelta(days=90)).isoformat()}&language=en"
    )
    assert "utter_wellbeing/what_is" in longer.text and "Welsh</td>" not in longer.text


def test_a_bad_period_is_explained_in_the_staff_language(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    signed_in(staff_browser, sessions, "editor", "cy")
    page = staff_browser.get("/admin/feedback?since=2026-12-31&until=2026-01-01")
    assert page.status_code == 400
    assert "Rhaid i'r dyddiad olaf beidio â bod cyn y dyddiad cyntaf." in html.unescape(page.text)
    assert 'href="#until"' in page.text
    assert staff_browser.get("/admin/feedback?since=yesterday").status_code == 400


# -- stories ---------------------------------------------------------------------------------


def test_stories_are_listed_and_filtered_by_language_tag_and_selection(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    add_story(sessions, "I found a group near me.", tags=("connection",))
    add_story(sessions, "Rhoddodd y coleg hyder i mi.", "cy", "recovery_college", selected=True)
    add_story(sessions, "I went back to work.", day=TODAY - timedelta(days=3))
    signed_in(staff_browser, sessions, "lived_experience_reviewer")
    page = staff_browser.get("/admin/stories")
    assert page.status_code == 200
    for text in ("I found a group near me.", "I went back to work.", "Rhoddodd y coleg"):
        assert text in page.text
    assert '<blockquote class="story-text" lang="cy">' in page.text
    assert "an answer about recovery colleges" in page.text
    welsh = staff_browser.get("/admin/stories?language=cy").text
    assert "Rhoddodd y coleg" in welsh and "I went back to work." not in welsh
    tagged = staff_browser.get("/admin/stories?tag=connection").text
    assert "I found a group near me." in tagged and "I went back to work." not in tagged
    chosen = staff_browser.get("/admin/stories?selected=yes").text
    assert "Rhoddodd y coleg" in chosen and "I found a group" not in chosen
    assert "No stories match." in staff_browser.get("/admin/stories?tag=nothing").text


def test_tags_are_added_tidied_and_removed_and_each_change_is_audited(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    story = add_story(sessions, "The peer supporter listened.")
    signed_in(staff_browser, sessions, "reviewer")
    staff_browser.get("/admin/stories")
    done = staff_browser.post(
        "/admin/stories/tags/add",
        {"story_id": story, "tag": "  Feeling   Heard ", "back": "/admin/stories?language=en"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/admin/stories?language=en#story-{story}"
    assert tags_of(sessions, story) == ["feeling heard"]
    shown = staff_browser.get(done.headers["location"]).text
    assert 'Tag "feeling heard" added.' in html.unescape(shown)
    staff_browser.post("/admin/stories/tags/add", {"story_id": story, "tag": "hyder"})
    staff_browser.post("/admin/stories/tags/add", {"story_id": story, "tag": "hyder"})
    assert tags_of(sessions, story) == ["feeling heard", "hyder"]
    staff_browser.post("/admin/stories/tags/remove", {"story_id": story, "tag": "feeling heard"})
    assert tags_of(sessions, story) == ["hyder"]
    assert audit_actions(sessions, f"story:{story}") == [
        "story_tagged",
        "story_tagged",
        "story_untagged",
    ]
    event = last_audit(sessions, "story_untagged")
    assert event.changes == {"tags": {"before": ["feeling heard", "hyder"], "after": ["hyder"]}}
    assert "listened" not in str(event.detail) + str(event.changes)


def test_a_bad_tag_is_explained_beside_its_field_and_nothing_changes(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    story = add_story(sessions, "It helped.")
    signed_in(staff_browser, sessions, "editor", "cy")
    staff_browser.get("/admin/stories")
    refused = staff_browser.post("/admin/stories/tags/add", {"story_id": story, "tag": "=cmd|x"})
    assert refused.status_code == 400
    assert "Defnyddiwch lythrennau, rhifau, bylchau a chysylltnodau yn unig." in html.unescape(
        refused.text
    )
    assert f'href="#tag-{story}"' in refused.text and 'value="=cmd|x"' in refused.text
    assert tags_of(sessions, story) == []
    assert audit_actions(sessions, f"story:{story}") == []


def test_a_story_is_selected_with_a_note_and_unselected(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    story = add_story(sessions, "I made a friend at the group.")
    signed_in(staff_browser, sessions, "lived_experience_reviewer")
    staff_browser.get("/admin/stories")
    staff_browser.post(
        "/admin/stories/selection",
        {"story_id": story, "selected": "yes", "note": "Shows connection after isolation"},
    )
    with sessions() as session:
        row = session.get(Story, story)
        assert row is not None
        assert (row.selected, row.selection_note) == (True, "Shows connection after isolation")
    page = staff_browser.get("/admin/stories?selected=yes")
    assert "Shows connection after isolation" in page.text
    staff_browser.post("/admin/stories/selection", {"story_id": story, "note": "ignored"})
    with sessions() as session:
        row = session.get(Story, story)
        assert row is not None and (row.selected, row.selection_note) == (False, "")
    assert audit_actions(sessions, f"story:{story}") == [
        "story_selection_changed",
        "story_selection_changed",
    ]
    assert last_audit(sessions, "story_selection_changed").changes["selected"] == {
        "before": True,
        "after": False,
    }


def test_deleting_a_story_asks_first_and_the_log_keeps_no_text(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    story = add_story(sessions, "Something that names someone.", tags=("naming",))
    signed_in(staff_browser, sessions, "editor")
    confirm = staff_browser.get(f"/admin/stories/delete?story_id={story}&back=/admin/stories")
    assert confirm.status_code == 200 and "Delete story" in confirm.text
    with sessions() as session:
        assert session.get(Story, story) is not None  # nothing happens until confirmed
    done = staff_browser.post(
        "/admin/stories/delete",
        {"story_id": story, "back": "https://evil.example/"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/admin/stories"
    with sessions() as session:
        assert session.get(Story, story) is None
        assert session.scalars(select(StoryTag)).all() == []
    event = last_audit(sessions, "story_deleted")
    assert event.subject == f"story:{story}"
    assert "names someone" not in str(event.detail) + str(event.changes)
    missing = staff_browser.post("/admin/stories/delete", {"story_id": story})
    assert missing.status_code == 404


def test_the_csv_export_is_redacted_formula_safe_filtered_and_audited(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    add_story(
        sessions,
        '=HYPERLINK("http://evil.example") ring 07700 900123',
        tags=("confidence",),
        selected=True,
    )
    add_story(sessions, "+44 29 2000 0000 is my number, or jo@example.com", "cy")
    add_story(sessions, "-it helped, near CF10 1AA", "en")
    staff_id = signed_in(staff_browser, sessions, "editor")
    listing = staff_browser.get("/admin/stories")
    assert "/admin/stories/export.csv" in listing.text
    response = staff_browser.get("/admin/stories/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == [
        "id", "day", "language", "follows", "tags", "selected", "selection_note", "story"
    ]  # fmt: skip
    assert len(rows) == 4
    formula = next(row for row in rows[1:] if "HYPERLINK" in row[7])
    assert formula[7] == '\'=HYPERLINK("http://evil.example") ring [phone]'
    assert formula[4] == "confidence" and formula[5] == "yes"
    welsh = next(row for row in rows[1:] if row[2] == "cy")
    assert welsh[7] == "[phone] is my number, or [email]"
    dash = next(row for row in rows[1:] if "helped" in row[7])
    assert dash[7] == "'-it helped, near [postcode]"
    event = last_audit(sessions, "stories_exported")
    assert event.staff_id == staff_id and event.detail["stories"] == 3
    selected_only = staff_browser.get("/admin/stories/export.csv?selected=yes")
    assert len(list(csv.reader(io.StringIO(selected_only.text)))) == 2
    assert last_audit(sessions, "stories_exported").detail["filters"] == {"selected": "yes"}


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("peer_supporter", "/admin/stories", 403),
        ("peer_supporter", "/admin/feedback", 403),
        ("reviewer", "/admin/stories/export.csv", 403),
        ("lived_experience_reviewer", "/admin/stories/export.csv", 403),
        ("reviewer", "/admin/stories", 200),
        ("admin", "/admin/stories/export.csv", 200),
    ],
)
def test_who_may_read_and_export(
    staff_browser: StaffBrowser,
    sessions: Callable[[], Session],
    role: str,
    path: str,
    status: int,
) -> None:
    add_story(sessions, "It helped.")
    signed_in(staff_browser, sessions, role)
    assert staff_browser.get(path).status_code == status


def test_a_peer_supporter_cannot_tag_select_or_delete(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    story = add_story(sessions, "It helped.")
    signed_in(staff_browser, sessions, "peer_supporter")
    for path, form in [
        ("/admin/stories/tags/add", {"story_id": story, "tag": "x"}),
        ("/admin/stories/selection", {"story_id": story, "selected": "yes"}),
        ("/admin/stories/delete", {"story_id": story}),
    ]:
        assert staff_browser.post(path, form).status_code == 403, path
    assert tags_of(sessions, story) == []
    with sessions() as session:
        row = session.get(Story, story)
        assert row is not None and not row.selected
    assert audit_actions(sessions, f"story:{story}") == []


def test_the_stories_screen_speaks_welsh(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    add_story(sessions, "Mae'n help.", "cy", "directory")
    signed_in(staff_browser, sessions, "editor", "cy")
    page = staff_browser.get("/admin/stories")
    assert '<html lang="cy">' in page.text
    text = html.unescape(page.text)
    assert "Straeon" in text and "chwiliad yn y cyfeiriadur" in text
    assert "Lawrlwytho'r rhain fel CSV" in text
