"""The feedback screens: "Was this helpful?" counts for curators, and the anonymous stories
for Most Significant Change panels (read, filter, tag, select with a note, delete, export).

Reading needs `feedback.view`; tagging, selecting and deleting `feedback.tag`; the CSV
`stories.export`. Every change and every download is audit-logged (bot/staff/feedback.py).
Stories are identified by a form field rather than the address, so every form posts to a
fixed route and goes back to the page (with its filters) it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.content.catalogue import ResponseCatalogue, UnknownResponse
from bot.content.model import as_lang
from bot.conversations.feedback import wales_today
from bot.staff import audit
from bot.staff import feedback as stories
from bot.staff.accounts import account_subject
from bot.staff.paging import page_number
from bot.store.models import Story
from bot.web.staff_kit import (
    ADMIN_ROOT,
    NavLink,
    NotFound,
    StaffKit,
    Visit,
    csv_download,
    safe_next,
)
from bot.web.staff_text import texts_for

VIEW, TAG, EXPORT = "feedback.view", "feedback.tag", "stories.export"
FEEDBACK = f"{ADMIN_ROOT}/feedback"
STORIES = f"{ADMIN_ROOT}/stories"
NAV = (
    NavLink(VIEW, FEEDBACK, "feedback_counts", "feedback_counts_intro"),
    NavLink(VIEW, STORIES, "stories", "stories_intro"),
)
LANGUAGES = ("cy", "en", "none")
DEFAULT_DAYS = 30
FEEDBACK_LABELS = {
    "since": "feedback_filter_since",
    "until": "feedback_filter_until",
    "language": "feedback_filter_language",
}
STORY_FILTERS = ("language", "tag", "selected")


def read_period(params: dict[str, str]) -> tuple[date, date, str, dict[str, str], dict[str, str]]:
    """(since, until, language, problems, what to re-show); the last 30 days by default."""
    today = wales_today()
    shown = {name: params.get(name, "").strip()[:10] for name in FEEDBACK_LABELS}
    problems: dict[str, str] = {}
    days: dict[str, date | None] = {}
    for name in ("since", "until"):
        try:
            days[name] = date.fromisoformat(shown[name]) if shown[name] else None
        except ValueError:
            days[name] = None
            problems[name] = "error_date"
    until = days["until"] or today
    since = days["since"] or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        problems["until"] = "error_date_order"
    language = shown["language"] if shown["language"] in LANGUAGES else ""
    shown.update(
        since=shown["since"] or since.isoformat(), until=shown["until"] or until.isoformat()
    )
    return since, until, language, problems, shown


def read_story_filters(params: dict[str, str]) -> tuple[stories.StoryQuery, dict[str, str]]:
    shown = {name: params.get(name, "").strip()[: stories.MAX_TAG_CHARS] for name in STORY_FILTERS}
    if shown["language"] not in LANGUAGES:
        shown["language"] = ""
    if shown["selected"] not in ("yes", "no"):
        shown["selected"] = ""
    tag = stories.normalise_tag(shown["tag"])[0] if shown["tag"] else None
    shown["tag"] = tag or ""
    query = stories.StoryQuery(
        language=shown["language"] or None,
        tag=tag,
        selected={"yes": True, "no": False}.get(shown["selected"]),
    )
    return query, shown


def language_options(staff_language: str) -> list[tuple[str, str]]:
    t = texts_for(staff_language)
    return [("", t["any_language"])] + [(lang, t[f"language_{lang}"]) for lang in LANGUAGES]


def routes(kit: StaffKit) -> APIRouter:
    api = kit.router()
    reader, tagger, exporter = kit.allow(VIEW), kit.allow(TAG), kit.allow(EXPORT)
    catalogue = ResponseCatalogue(kit.settings.data_dir, kit.sessions)

    def summary(key: str, language: str) -> str:
        """The start of the answer as people read it now, so curators know which it is."""
        lang = as_lang(language) or "en"
        try:
            text = catalogue.text_for(key, lang).text
        except UnknownResponse:
            return ""
        first = text.strip().splitlines()[0] if text.strip() else ""
        return first if len(first) <= 90 else first[:89] + "…"

    # -- "Was this helpful?" ---------------------------------------------------------------

    @api.get(FEEDBACK, response_model=None)
    async def feedback_counts(request: Request, visit: Visit = reader) -> Response:
        since, until, language, problems, shown = read_period(dict(request.query_params))
        rows: list[dict[str, Any]] = []
        if not problems:
            with kit.sessions() as session:
                counts = stories.answer_counts(session, since, until, language or None)
            rows = [{"count": c, "summary": summary(c.response_key, c.language)} for c in counts]
        return kit.page(
            visit,
            "feedback.html",
            status=400 if problems else 200,
            rows=rows,
            values=shown,
            errors=problems,
            labels=FEEDBACK_LABELS,
            since=since.isoformat(),
            until=until.isoformat(),
            language_options=language_options(visit.language),
        )

    # -- stories ---------------------------------------------------------------------------

    def stories_page(
        visit: Visit,
        params: dict[str, str],
        errors: dict[str, str] | None = None,
        typed: dict[str, str] | None = None,
        status: int = 200,
    ) -> Response:
        query, shown = read_story_filters(params)
        page = page_number(params.get("page"))
        with kit.sessions() as session:
            paged = stories.search(session, query, page)
            tags = stories.tags_in_use(session)
        kept = {name: value for name, value in shown.items() if value}
        t = texts_for(visit.language)

        def page_url(number: int) -> str:
            return f"{STORIES}?{urlencode({**kept, 'page': number})}"

        here = f"{STORIES}?{urlencode({**kept, 'page': paged.page})}"
        errors = errors or {}
        return kit.page(
            visit,
            "stories.html",
            status=status,
            paged=paged,
            values=shown,
            errors=errors,
            typed=typed or {},
            labels={
                name: "story_tag_label" if name.startswith("tag-") else "story_note_label"
                for name in errors
            },
            language_options=language_options(visit.language),
            tag_options=[("", t["stories_any_tag"])] + [(tag, tag) for tag in tags],
            selected_options=[
                ("", t["stories_selected_any"]),
                ("yes", t["stories_selected_yes"]),
                ("no", t["stories_selected_no"]),
            ],
            page_url=page_url,
            back=here,
            export_url=f"{STORIES}/export.csv?{urlencode(kept)}",
            can_tag=visit.can(TAG),
            can_export=visit.can(EXPORT),
        )

    @api.get(STORIES, response_model=None)
    async def story_list(request: Request, visit: Visit = reader) -> Response:
        return stories_page(visit, dict(request.query_params))

    def back_to(raw: str) -> tuple[str, dict[str, str]]:
        """The stories page a form came from (never anywhere else), and its filters."""
        target = safe_next(raw, STORIES)
        if not target.startswith(STORIES) or target.startswith(f"{STORIES}/"):
            target = STORIES
        return target, dict(parse_qsl(urlsplit(target).query))

    def story_id(raw: str) -> int:
        if not raw.isdigit() or len(raw) > 12:
            raise NotFound()
        return int(raw)

    @api.post(f"{STORIES}/tags/add", response_model=None)
    async def add_tag(request: Request, visit: Visit = tagger) -> Response:
        form = kit.form(request)
        number = story_id(form.get("story_id"))
        target, params = back_to(form.get("back"))
        tag, problem = stories.normalise_tag(form.get("tag"))
        with kit.sessions() as session, session.begin():
            story = session.get(Story, number)
            if story is None:
                raise NotFound()
            if tag is not None:
                problem = stories.add_tag(session, story, tag, visit.signed_in.id)
        if problem is not None:
            field = f"tag-{number}"
            return stories_page(
                visit, params, {field: problem}, {field: form.get("tag")[:80]}, status=400
            )
        return kit.redirect(visit, f"{target}#story-{number}", flash="story_tag_added", tag=tag)

    @api.post(f"{STORIES}/tags/remove", response_model=None)
    async def remove_tag(request: Request, visit: Visit = tagger) -> Response:
        form = kit.form(request)
        number = story_id(form.get("story_id"))
        target, _ = back_to(form.get("back"))
        tag = form.get("tag")
        with kit.sessions() as session, session.begin():
            story = session.get(Story, number)
            if story is None:
                raise NotFound()
            stories.remove_tag(session, story, tag, visit.signed_in.id)
        return kit.redirect(visit, f"{target}#story-{number}", flash="story_tag_removed", tag=tag)

    @api.post(f"{STORIES}/selection", response_model=None)
    async def select_story(request: Request, visit: Visit = tagger) -> Response:
        form = kit.form(request)
        number = story_id(form.get("story_id"))
        target, params = back_to(form.get("back"))
        note = form.get("note")
        if len(note.strip()) > stories.MAX_NOTE_CHARS:
            field = f"note-{number}"
            return stories_page(
                visit, params, {field: "error_note_too_long"}, {field: note}, status=400
            )
        with kit.sessions() as session, session.begin():
            story = session.get(Story, number)
            if story is None:
                raise NotFound()
            stories.set_selection(
                session, story, form.get("selected") == "yes", note, visit.signed_in.id
            )
        return kit.redirect(visit, f"{target}#story-{number}", flash="story_selection_saved")

    @api.get(f"{STORIES}/delete", response_model=None)
    async def confirm_delete(request: Request, visit: Visit = tagger) -> Response:
        number = story_id(request.query_params.get("story_id", ""))
        target, _ = back_to(request.query_params.get("back", ""))
        with kit.sessions() as session:
            story = session.get(Story, number)
            if story is None:
                raise NotFound()
            shown = {"id": story.id, "text": story.text, "language": story.language}
        return kit.page(visit, "story_delete.html", story=shown, back=target)

    @api.post(f"{STORIES}/delete", response_model=None)
    async def delete_story(request: Request, visit: Visit = tagger) -> Response:
        form = kit.form(request)
        number = story_id(form.get("story_id"))
        target, _ = back_to(form.get("back"))
        with kit.sessions() as session, session.begin():
            story = session.get(Story, number)
            if story is None:
                raise NotFound()
            stories.delete_story(session, story, visit.signed_in.id)
        return kit.redirect(visit, target, flash="story_deleted")

    @api.get(f"{STORIES}/export.csv", response_model=None)
    async def export(request: Request, visit: Visit = exporter) -> Response:
        query, shown = read_story_filters(dict(request.query_params))
        me = visit.signed_in
        with kit.sessions() as session, session.begin():
            matching = stories.count_matching(session, query)
            audit.record(
                session,
                actor=me.id,
                action="stories_exported",
                subject=account_subject(me.username),
                filters={name: value for name, value in shown.items() if value},
                stories=matching,
            )

        def rows() -> Iterator[str]:
            with kit.sessions() as session:
                yield from stories.export_csv(session, query)

        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M")
        return csv_download(rows(), f"cymar-stories-{stamp}.csv")

    return api
