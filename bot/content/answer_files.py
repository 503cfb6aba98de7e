"""The published answers <-> data/responses_en|cy/*.yml, so answers round-trip through git.

Export writes what is published into the files the seed reads, changing only the answers
whose text differs: ruamel.yaml's round-trip mode keeps every other byte (comments, quoting,
blank lines) as it was, so an export right after seeding from unchanged files leaves them
byte-identical. New answers go at the end of their topic's file in the house style
(`text: |-`, titles in double quotes).

Export also writes `data/responses_exported.yml`: a fingerprint of each answer as exported.
It is the merge base for import, which compares three things per answer: the file, the
database, and that base.

- file equals database: nothing to do;
- only the file moved from the base: a change (or an answer added), published at once,
  because text in git has been reviewed as a pull request (audit action "response_imported");
- only the database moved (a staff edit published after the export): the file is stale and
  the database is kept;
- both moved, or a staff change is open (draft, in review, approved): a conflict, reported
  and left alone unless forced.

Without a fingerprint for an answer (never exported), the base is the last text that came
from the files (the seed or an import).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.model import LANGUAGES, Button
from bot.content.seed import SEED_AUTHOR
from bot.content.source import load_source
from bot.staff import answers
from bot.staff.answers import AnswerText, Proposal
from bot.store.models import Response, ResponseRevision

MANIFEST = "responses_exported.yml"
FILE_AUTHORS = (SEED_AUTHOR, answers.IMPORT_AUTHOR)
_MANIFEST_HEADER = (
    "# Written by `python -m bot.ops.answers export`: a fingerprint of each answer as it was\n"
    "# exported, so that import can tell a change made in these files from a newer edit made\n"
    "# in the staff app. Commit it with the response files; do not edit it by hand.\n"
)


def yaml_round_trip() -> YAML:
    """The dumper that reproduces the response files' layout byte for byte."""
    loader = YAML(typ="rt")
    loader.preserve_quotes = True
    loader.indent(mapping=2, sequence=4, offset=2)
    loader.width = 4096  # never fold a long line
    return loader


def fingerprint(version: AnswerText | None) -> str | None:
    if version is None or not version.text:
        return None
    body = json.dumps(
        {"text": version.text, "buttons": version.button_dicts()},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(body.encode()).hexdigest()[:16]


# -- export -------------------------------------------------------------------------------------


@dataclass
class ExportReport:
    written: list[str] = field(default_factory=list)  # files whose bytes changed
    updated: list[str] = field(default_factory=list)  # "cy utter_x"
    added: list[str] = field(default_factory=list)


def _button_seq(buttons: Iterable[Button]) -> CommentedSeq:
    seq = CommentedSeq()
    for button in buttons:
        item = CommentedMap()
        item["title"] = DoubleQuotedScalarString(button.title)
        payload = button.payload
        item["payload"] = (
            SingleQuotedScalarString(payload) if any(c in payload for c in "{}\":'#") else payload
        )
        seq.append(item)
    return seq


def _same(body: Any, version: AnswerText) -> bool:
    if not isinstance(body, Mapping) or not isinstance(body.get("text"), str):
        return False
    buttons = [
        {"title": str(b.get("title")), "payload": str(b.get("payload"))}
        for b in body.get("buttons") or []
        if isinstance(b, Mapping)
    ]
    return str(body["text"]).strip() == version.text and buttons == version.button_dicts()


def _last_slot(node: Any) -> tuple[Any, Any] | None:
    """(container, key) of the last scalar in a node: ruamel hangs what follows an answer
    (the blank line, a comment above the next answer) on it."""
    if isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        last = list(node.keys())[-1] if isinstance(node, CommentedMap) else len(node) - 1
        value = node[last]
        inner = _last_slot(value) if isinstance(value, (CommentedMap, CommentedSeq)) else None
        return inner or (node, last)
    return None


def _set(body: CommentedMap, version: AnswerText) -> None:
    """Replace an answer's text and buttons, keeping what followed it where it was."""
    slot = _last_slot(body)
    trailing = slot[0].ca.items.pop(slot[1], None) if slot is not None else None
    if str(body.get("text", "")).strip() != version.text:
        body["text"] = LiteralScalarString(version.text)
    if version.buttons:
        body["buttons"] = _button_seq(version.buttons)
    elif "buttons" in body:
        del body["buttons"]
    slot = _last_slot(body)
    if trailing is not None and slot is not None:
        slot[0].ca.items[slot[1]] = trailing


def _entry(version: AnswerText) -> CommentedMap:
    body = CommentedMap()
    body["text"] = LiteralScalarString(version.text)
    if version.buttons:
        body["buttons"] = _button_seq(version.buttons)
    return body


def _with_blank_lines(text: str) -> str:
    """One blank line before each answer (and before the comment above one), as the files
    are laid out: ruamel keeps the blank lines it read, but an answer written anew, or one
    whose last value was replaced, has none after it."""
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        if line == "responses:":
            inside = True
        elif inside and line.startswith("  ") and line[2:3] not in (" ", "-", ""):
            previous = out[-1] if out else ""
            if previous not in ("", "responses:") and not previous.startswith("  #"):
                out.append("")
        elif inside and not line and out and not out[-1]:
            continue  # a replaced answer can leave its old blank line as well: keep one
        out.append(line)
    return "\n".join(out)


def dump_like(yaml: YAML, document: Any, original: str) -> str:
    """A response file's text, laid out as the file it was read from."""
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    text = buffer.getvalue()
    # Most files leave a blank line between answers; one that does not keeps its way.
    if not original or re.search(r"\n\n  [^ #-]", original):
        text = _with_blank_lines(text)
    return text


def set_answer(body: CommentedMap, version: AnswerText) -> None:
    """Replace one answer's text and buttons in a loaded file (export does it)."""
    _set(body, version)


def published_answers(session: Session) -> dict[str, tuple[str, Proposal]]:
    """{key: (topic, both languages as published)} for every answer with published text."""
    found: dict[str, tuple[str, Proposal]] = {}
    topics = dict(session.execute(select(Response.key, Response.topic)).tuples().all())
    live: dict[tuple[str, str], ResponseRevision] = {}
    for row in session.scalars(
        select(ResponseRevision)
        .where(ResponseRevision.status == "published")
        .order_by(ResponseRevision.id)
    ):
        live[(row.response_key, row.language)] = row
    for key, topic in sorted(topics.items()):
        pair = answers.proposal_of({lang: live.get((key, lang)) for lang in LANGUAGES})
        if pair is not None:
            found[key] = (topic, pair)
    return found


def export_answers(session: Session, data_dir: Path) -> ExportReport:
    report = ExportReport()
    yaml = yaml_round_trip()
    every = published_answers(session)
    manifest: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for lang in LANGUAGES:
        folder = data_dir / f"responses_{lang}"
        folder.mkdir(parents=True, exist_ok=True)
        documents: dict[Path, Any] = {}
        originals: dict[Path, str] = {}
        where: dict[str, Path] = {}
        by_topic: dict[str, Path] = {}
        for path in sorted(folder.glob("*.yml")):
            originals[path] = path.read_text(encoding="utf-8")
            document = yaml.load(originals[path]) or CommentedMap()
            documents[path] = document
            by_topic.setdefault(str(document.get("topic") or path.stem), path)
            for key in document.get("responses") or {}:
                where[str(key)] = path
        for key, (topic, pair) in every.items():
            version = pair.get(lang)
            if not version.text:
                continue
            mark = fingerprint(version)
            if mark is not None:
                manifest[lang][key] = mark
            if key in where:
                body = documents[where[key]]["responses"][key]
                if not _same(body, version):
                    _set(body, version)
                    report.updated.append(f"{lang} {key}")
                continue
            if topic not in by_topic:
                by_topic[topic] = folder / f"{topic}.yml"
            path = by_topic[topic]
            if path not in documents:
                document = CommentedMap()
                document["version"] = DoubleQuotedScalarString("1")
                document["topic"] = topic
                document["responses"] = CommentedMap()
                documents[path], originals[path] = document, ""
            documents[path]["responses"][key] = _entry(version)
            where[key] = path
            report.added.append(f"{lang} {key}")
        for path, document in documents.items():
            text = dump_like(yaml, document, originals[path])
            if text != originals[path]:
                path.write_text(text, encoding="utf-8")
                report.written.append(str(path))
    write_manifest(data_dir, manifest)
    return report


def read_manifest(data_dir: Path) -> dict[str, dict[str, str]]:
    path = data_dir / MANIFEST
    if not path.exists():
        return {lang: {} for lang in LANGUAGES}
    loaded = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    return {
        lang: {str(k): str(v) for k, v in (loaded.get(lang) or {}).items()} for lang in LANGUAGES
    }


def write_manifest(data_dir: Path, manifest: Mapping[str, Mapping[str, str]]) -> None:
    lines = [_MANIFEST_HEADER.rstrip("\n")]
    for lang in LANGUAGES:
        lines.append(f"{lang}:")
        lines.extend(f'  "{key}": {value}' for key, value in sorted(manifest[lang].items()))
    text = "\n".join(lines) + "\n"
    path = data_dir / MANIFEST
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


# -- import -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    key: str
    reason: str  # "open_change" or "both_changed"
    detail: str


@dataclass
class ImportReport:
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # The database has a newer staff edit and the file was not changed: the file is stale.
    kept_database: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    invalid: dict[str, list[str]] = field(default_factory=dict)
    forced: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts and not self.invalid


def _file_base(session: Session, key: str, language: str) -> str | None:
    """The last text of this answer that came from the files (seed or import)."""
    row = session.scalars(
        select(ResponseRevision)
        .where(
            ResponseRevision.response_key == key,
            ResponseRevision.language == language,
            ResponseRevision.author.in_(FILE_AUTHORS),
            ResponseRevision.status.in_(("published", "superseded")),
        )
        .order_by(ResponseRevision.id.desc())
        .limit(1)
    ).first()
    return fingerprint(AnswerText.of(row)) if row is not None else None


def import_answers(
    session: Session, data_dir: Path, *, force: bool = False, dry_run: bool = False
) -> ImportReport:
    """Publish what the files changed; report, and leave alone, what would overwrite staff work.

    `dry_run` reports without writing anything (the caller rolls the transaction back).
    """
    report = ImportReport()
    source = load_source(data_dir)
    manifest = read_manifest(data_dir)
    for key in sorted(source.all_keys()):
        texts = {lang: source.get(key, lang) for lang in LANGUAGES}
        if any(t is None for t in texts.values()):
            missing = [lang for lang, t in texts.items() if t is None]
            report.invalid[key] = [f"missing_{lang}" for lang in missing]
            continue
        cy, en = texts["cy"], texts["en"]
        assert cy is not None and en is not None
        wanted = Proposal(
            AnswerText("cy", cy.text, cy.buttons), AnswerText("en", en.text, en.buttons)
        )
        problems = answers.problems(wanted)
        if problems:
            report.invalid[key] = sorted(f"{name}: {why}" for name, why in problems.items())
            continue
        response = session.get(Response, key)
        if response is None:
            report.added.append(key)
            if not dry_run:
                session.add(Response(key=key, topic=cy.topic))
                session.flush()
                _publish(session, key, wanted)
            continue
        live = answers.published_proposal(session, key)
        if live is not None and wanted.same_as(live):
            report.unchanged.append(key)
            continue
        base = {
            lang: manifest[lang].get(key) or _file_base(session, key, lang) for lang in LANGUAGES
        }
        file_moved = any(fingerprint(wanted.get(lang)) != base[lang] for lang in LANGUAGES)
        database_moved = live is not None and any(
            fingerprint(live.get(lang)) != base[lang] for lang in LANGUAGES
        )
        if not file_moved:
            report.kept_database.append(key)
            continue
        open_change = answers.open_change(session, key)
        conflict = None
        if open_change is not None:
            conflict = Conflict(
                key, "open_change", f"{open_change.status} by {open_change.author_name}"
            )
        elif database_moved:
            conflict = Conflict(key, "both_changed", "published in the staff app since the export")
        if conflict is not None and not force:
            report.conflicts.append(conflict)
            continue
        if conflict is not None:
            report.forced.append(key)
        report.changed.append(key)
        if not dry_run:
            _publish(session, key, wanted)
    if not dry_run:
        _remember(data_dir, manifest, source_keys=report.changed + report.added, session=session)
    return report


def _publish(session: Session, key: str, wanted: Proposal) -> None:
    answers.publish_reviewed(
        session,
        key,
        wanted,
        kind="import",
        actor_id=None,
        author=answers.IMPORT_AUTHOR,
        note="imported from the answer files",
    )


def _remember(
    data_dir: Path,
    manifest: dict[str, dict[str, str]],
    *,
    source_keys: list[str],
    session: Session,
) -> None:
    """What was imported is now the base the files and the database share."""
    if not source_keys or not (data_dir / MANIFEST).exists():
        return
    for key in source_keys:
        live = answers.published_proposal(session, key)
        for lang in LANGUAGES:
            mark = fingerprint(live.get(lang)) if live is not None else None
            if mark is not None:
                manifest[lang][key] = mark
    write_manifest(data_dir, manifest)
