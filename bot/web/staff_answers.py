"""The answers screens: every answer by topic, the bilingual editor with a preview, review
and publishing, history with diffs and rollback.

The rules (who may approve, what must match across languages, what publishing does) are in
bot/staff/answers.py; this module reads forms and shows pages. Response keys contain a
slash (`utter_faq/...`), so they sit in the address as a path; the answer's own page is
registered last so that `/edit`, `/history`... are matched first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.completeness import PLACEHOLDER
from bot.content.model import LANGUAGES, Button
from bot.content.readability import assess
from bot.staff import answers
from bot.staff.answers import AnswerRefused, AnswerText, Proposal, ProposalInvalid
from bot.store.models import Response as ResponseKey
from bot.store.models import ResponseChange, StaffAccount
from bot.web.staff_kit import (
    ADMIN_ROOT,
    PAGE_HEADERS,
    Form,
    NavLink,
    NotFound,
    StaffKit,
    Visit,
)
from bot.web.staff_text import texts_for

VIEW = "responses.view"
HOME = f"{ADMIN_ROOT}/answers"
NAV = (NavLink(VIEW, HOME, "answers", "answers_intro"),)
LABEL_KEYS = {"text_cy": "answer_text_cy", "text_en": "answer_text_en"}
_SNIPPET = 110


def answer_url(key: str, suffix: str = "") -> str:
    return f"{HOME}/{quote(key, safe='/')}{suffix}"


def labels_for(t: dict[str, str]) -> dict[str, str]:
    """Error-summary labels: the text keys, and each button field by its number."""
    labels = dict(LABEL_KEYS)
    for lang in LANGUAGES:
        labels[f"buttons_{lang}"] = f"answer_buttons_{lang}"
    return labels


def button_label(t: dict[str, str], name: str) -> str | None:
    found = re.fullmatch(r"(title|payload)_(cy|en)_(\d+)", name)
    if not found:
        return None
    part, lang, number = found.groups()
    language = t["answer_welsh"] if lang == "cy" else t["answer_english"]
    key = "answer_button_title" if part == "title" else "answer_button_payload"
    return f"{language}: {t[key].format(number=number)}"


def read_proposal(form: Form) -> Proposal:
    def text_of(lang: str) -> str:
        raw = form.get(f"text_{lang}").replace("\r\n", "\n").replace("\r", "\n")
        return "\n".join(line.rstrip() for line in raw.strip().split("\n"))

    def buttons_of(lang: str) -> tuple[Button, ...]:
        found = []
        for number in range(1, answers.MAX_BUTTONS + 1):
            title = form.get(f"title_{lang}_{number}").strip()
            payload = form.get(f"payload_{lang}_{number}").strip()
            if title or payload:
                found.append(Button(title, payload))
        return tuple(found)

    return Proposal(
        AnswerText("cy", text_of("cy"), buttons_of("cy")),
        AnswerText("en", text_of("en"), buttons_of("en")),
    )


def form_values(proposal: Proposal | None, note: str = "") -> dict[str, str]:
    values = {"note": note}
    if proposal is None:
        return values
    for lang in LANGUAGES:
        version = proposal.get(lang)
        values[f"text_{lang}"] = version.text
        for number, button in enumerate(version.buttons, start=1):
            values[f"title_{lang}_{number}"] = button.title
            values[f"payload_{lang}_{number}"] = button.payload
    return values


def button_rows(proposal: Proposal | None) -> int:
    """Rows to offer: every button there is and two empty ones (no JavaScript needed)."""
    most = (
        max((len(proposal.get(lang).buttons) for lang in LANGUAGES), default=0) if proposal else 0
    )
    return min(answers.MAX_BUTTONS, max(3, most + 2))


@dataclass(frozen=True)
class PreviewPart:
    text: str
    filled: bool  # a placeholder Cymar fills in


def preview_parts(text: str) -> list[list[PreviewPart]]:
    """The text as lines of parts, placeholders marked, as the widget and Telegram show it."""
    lines = []
    for line in text.split("\n"):
        parts, at = [], 0
        for match in PLACEHOLDER.finditer(line):
            if match.start() > at:
                parts.append(PreviewPart(line[at : match.start()], False))
            parts.append(PreviewPart(match.group(1), True))
            at = match.end()
        if at < len(line):
            parts.append(PreviewPart(line[at:], False))
        lines.append(parts)
    return lines


def preview_of(proposal: Proposal) -> dict[str, dict[str, Any]]:
    return {
        lang: {
            "lines": preview_parts(proposal.get(lang).text),
            "buttons": list(proposal.get(lang).buttons),
            "reading": assess(proposal.get(lang).text, lang),
        }
        for lang in LANGUAGES
    }


def names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(StaffAccount.id, StaffAccount.display_name)).tuples().all())


def routes(kit: StaffKit) -> APIRouter:
    api = kit.router()
    reader, editor = kit.allow(VIEW), kit.allow(answers.EDIT)
    reviewer, signer = kit.allow(answers.REVIEW), kit.allow(answers.SIGNOFF)
    publisher, roller = kit.allow(answers.PUBLISH), kit.allow(answers.ROLLBACK)

    def known_key(session: Session, key: str) -> ResponseKey:
        found = session.get(ResponseKey, key)
        if found is None:
            raise NotFound()
        return found

    @api.get(HOME, response_model=None)
    async def answer_list(request: Request, visit: Visit = reader) -> Response:
        params = request.query_params
        topic, state = params.get("topic", "")[:60], params.get("state", "")
        query = params.get("q", "").strip()[:120]
        with kit.sessions() as session:
            every = answers.summaries(session)
        topics = sorted({a.topic for a in every})
        needle = query.casefold()
        shown = [
            a
            for a in every
            if (not topic or a.topic == topic)
            and (state not in answers.STATES or a.state == state)
            and (
                not needle
                or needle in a.key.casefold()
                or needle in a.text_cy.casefold()
                or needle in a.text_en.casefold()
            )
        ]
        grouped: dict[str, list[answers.AnswerSummary]] = {}
        for item in shown:
            grouped.setdefault(item.topic, []).append(item)
        return kit.page(
            visit,
            "answers.html",
            grouped=grouped,
            count=len(shown),
            topics=topics,
            states=answers.STATES,
            chosen={"topic": topic, "state": state, "q": query},
            snippet=_SNIPPET,
            url_of=answer_url,
        )

    # -- editing

    def edit_page(
        visit: Visit,
        key: str,
        values: dict[str, str],
        proposal: Proposal | None,
        errors: dict[str, str],
        *,
        status: int = 200,
        notice: str | None = None,
        stamp: str = "",
    ) -> Response:
        t = texts_for(visit.language)
        with kit.sessions() as session:
            known_key(session, key)
            change = answers.open_change(session, key)
            fills = ", ".join(
                f"{{{name}}}" for name in sorted(answers.known_placeholders(session, key))
            )
        labels = labels_for(t)
        summary_errors = {}
        extra_labels = {}
        for name, problem in errors.items():
            summary_errors[name] = problem
            label = button_label(t, name)
            if label is not None:
                extra_labels[name] = label
        return kit.page(
            visit,
            "answer_edit.html",
            status=status,
            key=key,
            values=values,
            errors=summary_errors,
            labels=labels,
            button_labels=extra_labels,
            rows=button_rows(proposal),
            preview=preview_of(proposal) if proposal is not None else None,
            fills=fills,
            in_review=change is not None and change.status != "draft",
            change_id=change.id if change is not None else "",
            stamp=stamp or (_stamp(change) if change is not None else ""),
            notice_key=notice,
            text_limit=answers.TEXT_LIMIT,
            max_buttons=answers.MAX_BUTTONS,
            url_of=answer_url,
        )

    @api.get(f"{HOME}/{{key:path}}/edit", response_model=None)
    async def edit_answer(key: str, visit: Visit = editor) -> Response:
        with kit.sessions() as session:
            known_key(session, key)
            change = answers.open_change(session, key)
            if change is not None:
                proposal = answers.proposal_of(answers.revisions_of(session, change))
                note = change.note
            else:
                proposal, note = answers.published_proposal(session, key), ""
        return edit_page(visit, key, form_values(proposal, note), proposal, {})

    @api.post(f"{HOME}/{{key:path}}/edit", response_model=None)
    async def save_answer(key: str, request: Request, visit: Visit = editor) -> Response:
        form = kit.form(request)
        proposal = read_proposal(form)
        note = form.get("note").strip()[:500]
        shown = {**form.values(*_field_names()), "note": note}
        if form.get("action") == "preview":
            with kit.sessions() as session:
                known_key(session, key)
                found = answers.problems(
                    proposal, answers.known_placeholders(session, key), complete=False
                )
            return edit_page(
                visit, key, shown, proposal, found, stamp=form.get("stamp"), status=200
            )
        with kit.sessions() as session, session.begin():
            known_key(session, key)
            change = answers.open_change(session, key)
            if change is not None and form.get("stamp") != _stamp(change):
                # Someone saved it in between: show what this person typed, save nothing.
                return edit_page(
                    visit,
                    key,
                    shown,
                    proposal,
                    {},
                    notice="answer_changed_meanwhile",
                    stamp=_stamp(change),
                    status=409,
                )
            try:
                answers.save_draft(session, key, proposal, visit.signed_in, note)
            except ProposalInvalid as invalid:
                session.rollback()
                return edit_page(
                    visit,
                    key,
                    shown,
                    proposal,
                    invalid.problems,
                    stamp=form.get("stamp"),
                    status=400,
                )
        return kit.redirect(visit, answer_url(key), flash="answer_draft_saved", key=key)

    @api.post(f"{HOME}/{{key:path}}/preview", response_model=None)
    async def preview_answer(key: str, request: Request, visit: Visit = editor) -> Response:
        """The preview alone, for the editor's script to show as the person types."""
        proposal = read_proposal(kit.form(request))
        with kit.sessions() as session:
            known_key(session, key)
            found = answers.problems(
                proposal, answers.known_placeholders(session, key), complete=False
            )
        t = texts_for(visit.language)
        html = kit.templates.get_template("answer_preview.html").render(
            t=t,
            lang=visit.language,
            preview=preview_of(proposal),
            problems=found,
            labels=labels_for(t),
        )
        return HTMLResponse(html, headers=PAGE_HEADERS)

    # -- the workflow steps, each a small form on the answer's page

    def step(visit: Visit, request: Request, key: str, action: Any, flash: str) -> Response:
        form = kit.form(request)
        raw = form.get("change_id")
        with kit.sessions() as session, session.begin():
            known_key(session, key)
            try:
                change_id = int(raw) if raw.isdigit() and len(raw) < 10 else 0
                action(session, key, change_id, visit.signed_in)
            except AnswerRefused as refused:
                session.rollback()
                return kit.redirect(visit, answer_url(key), flash=refused.reason)
            except ProposalInvalid:
                session.rollback()
                return kit.redirect(visit, answer_url(key), flash="answer_refused_invalid")
        return kit.redirect(visit, answer_url(key), flash=flash, key=key)

    @api.post(f"{HOME}/{{key:path}}/submit", response_model=None)
    async def submit_answer(key: str, request: Request, visit: Visit = editor) -> Response:
        return step(visit, request, key, answers.submit, "answer_submitted")

    @api.post(f"{HOME}/{{key:path}}/discard", response_model=None)
    async def discard_answer(key: str, request: Request, visit: Visit = editor) -> Response:
        return step(visit, request, key, answers.discard, "answer_discarded")

    @api.post(f"{HOME}/{{key:path}}/approve", response_model=None)
    async def approve_answer(key: str, request: Request, visit: Visit = reviewer) -> Response:
        return step(visit, request, key, answers.approve, "answer_approved")

    @api.post(f"{HOME}/{{key:path}}/send-back", response_model=None)
    async def send_back_answer(key: str, request: Request, visit: Visit = reviewer) -> Response:
        return step(visit, request, key, answers.send_back, "answer_sent_back")

    @api.post(f"{HOME}/{{key:path}}/sign-off", response_model=None)
    async def sign_off_answer(key: str, request: Request, visit: Visit = signer) -> Response:
        return step(visit, request, key, answers.sign_off, "answer_signed_off")

    @api.post(f"{HOME}/{{key:path}}/publish", response_model=None)
    async def publish_answer(key: str, request: Request, visit: Visit = publisher) -> Response:
        return step(visit, request, key, answers.publish, "answer_published")

    # -- history and rollback

    @api.get(f"{HOME}/{{key:path}}/history", response_model=None)
    async def answer_history(key: str, visit: Visit = reader) -> Response:
        with kit.sessions() as session:
            known_key(session, key)
            versions = answers.history(session, key)
            who = names(session)
            for version in versions:
                if version.change is not None:
                    session.expunge(version.change)
        return kit.page(
            visit,
            "answer_history.html",
            key=key,
            versions=versions,
            who=who,
            can_rollback=visit.can(answers.ROLLBACK),
            url_of=answer_url,
        )

    @api.post(f"{HOME}/{{key:path}}/rollback", response_model=None)
    async def rollback_answer(key: str, request: Request, visit: Visit = roller) -> Response:
        raw = kit.form(request).get("version")
        revision = int(raw) if raw.isdigit() and len(raw) < 10 else 0
        with kit.sessions() as session, session.begin():
            known_key(session, key)
            try:
                change = answers.rollback(session, key, revision, visit.signed_in)
            except (AnswerRefused, ProposalInvalid) as refused:
                session.rollback()
                reason = getattr(refused, "reason", "answer_refused_invalid")
                return kit.redirect(visit, answer_url(key, "/history"), flash=reason)
            number = change.note.removeprefix("version ")
        return kit.redirect(
            visit, answer_url(key, "/history"), flash="answer_rolled_back", key=key, number=number
        )

    # -- one answer (last: its path would also match the addresses above)

    @api.get(f"{HOME}/{{key:path}}", response_model=None)
    async def answer_page(key: str, visit: Visit = reader) -> Response:
        with kit.sessions() as session:
            response = known_key(session, key)
            live = answers.published_proposal(session, key)
            change = answers.open_change(session, key)
            proposal = (
                answers.proposal_of(answers.revisions_of(session, change)) if change else None
            )
            base_moved = change is not None and _base_moved(session, change)
            who = names(session)
            if change is not None:
                session.expunge(change)
            topic = response.topic
        me = visit.signed_in
        own = change is not None and (
            me.id == change.author_id or me.id in (change.editor_ids or [])
        )
        diffs = (
            {
                lang: answers.diff_lines(
                    live.get(lang).lines() if live else [], proposal.get(lang).lines()
                )
                for lang in LANGUAGES
            }
            if proposal is not None
            else {}
        )
        return kit.page(
            visit,
            "answer.html",
            key=key,
            topic=topic,
            live=live,
            change=change,
            proposal=proposal,
            diffs=diffs,
            base_moved=base_moved,
            who=who,
            own=own,
            can=visit.can,
            url_of=answer_url,
            complete=live is not None and not answers.problems(live),
        )

    return api


def _stamp(change: ResponseChange) -> str:
    """Which save of the open change a form was made from."""
    return f"{change.id}:{change.updated_at.isoformat() if change.updated_at else ''}"


def _base_moved(session: Session, change: ResponseChange) -> bool:
    for lang, base in (("cy", change.base_cy_id), ("en", change.base_en_id)):
        live = answers.published(session, change.response_key, lang)
        if (live.id if live else None) != base:
            return True
    return False


def _field_names() -> list[str]:
    fields = [f"text_{lang}" for lang in LANGUAGES]
    for lang in LANGUAGES:
        for number in range(1, answers.MAX_BUTTONS + 1):
            fields += [f"title_{lang}_{number}", f"payload_{lang}_{number}"]
    return fields
