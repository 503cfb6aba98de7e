"""Answers round-trip through git: export writes the published answers into the real
response files byte for byte as they were, a staff edit changes only its own lines, and
import publishes what the files changed while reporting (and leaving alone) anything that
would overwrite newer staff work."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.content.answer_files import (
    MANIFEST,
    dump_like,
    export_answers,
    import_answers,
    set_answer,
    yaml_round_trip,
)
from bot.content.catalogue import ResponseCatalogue
from bot.content.model import Button
from bot.content.source import load_source
from bot.ops import answers as answers_cli
from bot.settings import ROOT, get_settings
from bot.staff import answers
from bot.staff.answers import AnswerText, Proposal
from bot.store.models import Response
from bot.web.staff_kit import StaffMember
from tests.web.staff_helpers import audit_actions, make_account

REAL = ROOT / "data"
FOLDERS = ("responses_cy", "responses_en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the real response files (tests never write into the repository)."""
    copy = tmp_path / "data"
    for folder in FOLDERS:
        shutil.copytree(REAL / folder, copy / folder)
    return copy


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        f"{sub}/{path.name}": path.read_bytes()
        for sub in FOLDERS
        for path in sorted((folder / sub).glob("*.yml"))
    }


def staff(sessions: Callable[[], Session], name: str, roles: list[str]) -> StaffMember:
    staff_id = make_account(sessions, name, roles)
    with sessions() as session:
        from bot.store.models import StaffAccount

        account = session.get(StaffAccount, staff_id)
        assert account is not None
        return StaffMember.of(account)


def publish_edit(
    sessions: Callable[[], Session],
    key: str,
    text_en: str,
    text_cy: str | None = None,
    buttons: tuple[tuple[Button, ...], tuple[Button, ...]] | None = None,
) -> None:
    editor = staff(sessions, f"editor-{abs(hash((key, text_en))) % 10**6}", ["editor"])
    reviewer = staff(sessions, f"reviewer-{abs(hash((key, text_en))) % 10**6}", ["reviewer"])
    with sessions() as session, session.begin():
        live = answers.published_proposal(session, key)
        assert live is not None
        cy_buttons, en_buttons = buttons or (live.cy.buttons, live.en.buttons)
        proposal = Proposal(
            AnswerText("cy", text_cy or live.cy.text, cy_buttons),
            AnswerText("en", text_en, en_buttons),
        )
        change = answers.save_draft(session, key, proposal, editor)
        answers.submit(session, key, change.id, editor)
        answers.approve(session, key, change.id, reviewer)
        answers.publish(session, key, change.id, editor)


def test_export_right_after_seeding_leaves_the_real_files_byte_identical(
    sessions: Callable[[], Session], data_dir: Path
) -> None:
    before = files_of(REAL)
    assert len(before) >= 20
    with sessions() as session:
        report = export_answers(session, data_dir)
    assert report.written == [] and report.updated == [] and report.added == []
    assert files_of(data_dir) == before
    assert (data_dir / MANIFEST).exists()
    manifest = (data_dir / MANIFEST).read_bytes()
    with sessions() as session:
        export_answers(session, data_dir)
    assert (data_dir / MANIFEST).read_bytes() == manifest  # deterministic too


def test_a_staff_edit_exports_as_a_change_to_its_own_lines_only(
    sessions: Callable[[], Session], data_dir: Path
) -> None:
    key = "utter_peer_support/cost"
    buttons_cy = (Button("Siarad â pherson", "/talk_to_person"),)
    buttons_en = (Button("Talk to a person", "/talk_to_person"),)
    publish_edit(
        sessions,
        key,
        "Peer support is free.\nAsk first if you are unsure.",
        "Mae cymorth gan gymheiriaid am ddim.\nHolwch yn gyntaf os nad ydych chi'n siŵr.",
        (buttons_cy, buttons_en),
    )
    # An answer in a file with comments: the comments survive.
    publish_edit(sessions, "utter_handoff_message_saved", "Someone will be with you soon.")
    with sessions() as session:
        report = export_answers(session, data_dir)
    assert sorted(report.updated) == sorted(
        [f"cy {key}", f"en {key}", "en utter_handoff_message_saved"]
    )
    original = (REAL / "responses_en" / "peer_support.yml").read_text(encoding="utf-8")
    exported = (data_dir / "responses_en" / "peer_support.yml").read_text(encoding="utf-8")
    start = original.index(f"  {key}:")
    end = original.index("\n\n", start)
    assert exported[:start] == original[:start]  # everything before is untouched
    assert exported[start:].split("\n\n", 1)[1] == original[end + 2 :]  # and after
    assert exported[start:].startswith(
        f"  {key}:\n    text: |-\n      Peer support is free.\n      Ask first if you are unsure.\n"
        '    buttons:\n      - title: "Talk to a person"\n        payload: /talk_to_person\n\n'
    )
    handoff = (data_dir / "responses_en" / "handoff.yml").read_text(encoding="utf-8")
    for line in (REAL / "responses_en" / "handoff.yml").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("#"):
            assert line in handoff
    source = load_source(data_dir)  # the seed still reads them
    assert source.get(key, "cy").text.startswith("Mae cymorth gan gymheiriaid am ddim.")  # type: ignore[union-attr]
    assert source.get(key, "en").buttons == buttons_en  # type: ignore[union-attr]
    # Exporting again changes nothing.
    after = files_of(data_dir)
    with sessions() as session:
        assert export_answers(session, data_dir).written == []
    assert files_of(data_dir) == after


def edit_file(data_dir: Path, language: str, topic: str, old: str, new: str) -> None:
    path = data_dir / f"responses_{language}" / f"{topic}.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_import_publishes_file_changes_and_reports_conflicts_with_newer_staff_edits(
    sessions: Callable[[], Session], data_dir: Path, catalogue: ResponseCatalogue
) -> None:
    with sessions() as session:
        export_answers(session, data_dir)
    # After the export, staff publish an edit to one answer and start a draft of another.
    publish_edit(sessions, "utter_peer_support/training", "Staff wrote this after the export.")
    editor = staff(sessions, "drafter", ["editor"])
    with sessions() as session, session.begin():
        live = answers.published_proposal(session, "utter_thanks")
        assert live is not None
        draft = Proposal(live.cy, AnswerText("en", "A draft in progress.", live.en.buttons))
        answers.save_draft(session, "utter_thanks", draft, editor)
    # A stale file for a third: staff published, the file was not touched.
    publish_edit(sessions, "utter_peer_support/cost", "Newer in the database.")

    # Meanwhile someone edits the files in git.
    edit_file(
        data_dir,
        "en",
        "peer_support",
        "Peer support means help from someone",
        "Peer support is help from someone",
    )
    edit_file(
        data_dir,
        "en",
        "peer_support",
        "Peer supporters usually have training",
        "Peer supporters are usually trained",
    )
    edit_file(
        data_dir,
        "en",
        "chitchat",
        "utter_thanks:\n    text: |-\n",
        "utter_thanks:\n    text: |-\n      Diolch!\n",
    )
    for language, text in (("cy", "Ateb newydd."), ("en", "A new answer.")):
        path = data_dir / f"responses_{language}" / "chitchat.yml"
        path.write_text(
            path.read_text(encoding="utf-8")
            + f"\n  utter_brand_new:\n    text: |-\n      {text}\n",
            encoding="utf-8",
        )

    with sessions() as session:
        dry = import_answers(session, data_dir, dry_run=True)
        session.rollback()
    assert dry.changed == ["utter_peer_support/what_is"]
    assert catalogue.render("utter_peer_support/what_is", "en").text.startswith(
        "Peer support means"
    )

    with sessions() as session, session.begin():
        report = import_answers(session, data_dir)
    assert report.changed == ["utter_peer_support/what_is"]
    assert report.added == ["utter_brand_new"]
    assert report.kept_database == ["utter_peer_support/cost"]
    assert {(c.key, c.reason) for c in report.conflicts} == {
        ("utter_peer_support/training", "both_changed"),
        ("utter_thanks", "open_change"),
    }
    assert not report.clean
    # What changed in the files is live for the next reply; conflicts were not overwritten.
    assert catalogue.render("utter_peer_support/what_is", "en").text.startswith(
        "Peer support is help from someone"
    )
    assert catalogue.render("utter_brand_new", "cy").text == "Ateb newydd."
    assert catalogue.render("utter_peer_support/training", "en").text == (
        "Staff wrote this after the export."
    )
    assert catalogue.render("utter_peer_support/cost", "en").text == "Newer in the database."
    with sessions() as session:
        assert session.get(Response, "utter_brand_new").topic == "chitchat"  # type: ignore[union-attr]
    assert "response_imported" in audit_actions(sessions, "response:utter_peer_support/what_is")

    # Importing the same files again: nothing new, the same conflicts.
    with sessions() as session, session.begin():
        again = import_answers(session, data_dir)
    assert again.changed == [] and again.added == []
    assert len(again.conflicts) == 2

    # Forced, the files win, and the report says it overwrote staff work.
    with sessions() as session, session.begin():
        forced = import_answers(session, data_dir, force=True)
    assert set(forced.forced) == {"utter_peer_support/training", "utter_thanks"}
    assert catalogue.render("utter_peer_support/training", "en").text.startswith(
        "Peer supporters are usually trained"
    )


def test_import_refuses_an_answer_with_one_language_missing(
    sessions: Callable[[], Session], data_dir: Path
) -> None:
    path = data_dir / "responses_en" / "chitchat.yml"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n  utter_only_english:\n    text: |-\n      Hi.\n",
        encoding="utf-8",
    )
    with sessions() as session, session.begin():
        report = import_answers(session, data_dir)
    assert report.invalid == {"utter_only_english": ["missing_cy"]}
    with sessions() as session:
        assert session.get(Response, "utter_only_english") is None


def test_the_command_line_prints_the_report_and_fails_on_conflicts(
    sessions: Callable[[], Session],
    database_url: str,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        assert answers_cli.main(["export", "--data", str(data_dir)]) == 0
        assert "exported: 0 answer text(s) updated" in capsys.readouterr().out
        publish_edit(sessions, "utter_peer_support/training", "Staff edit.")
        edit_file(
            data_dir, "en", "peer_support", "Peer supporters usually have training", "Trained."
        )
        assert answers_cli.main(["import", "--data", str(data_dir), "--dry-run"]) == 1
        out = capsys.readouterr().out
        assert "CONFLICT utter_peer_support/training" in out and "use --force" in out
    finally:
        get_settings.cache_clear()


def outside_of(text: str, key: str) -> tuple[str, str]:
    """The file before an answer, and from the next answer (or the comment above it) on."""
    lines = text.split("\n")
    start = lines.index(f"  {key}:")
    end = start + 1
    while end < len(lines) and not (lines[end].startswith("  ") and lines[end][2:3] not in " -"):
        end += 1
    return "\n".join(lines[:start]), "\n".join(lines[end:])


@pytest.mark.parametrize("folder", FOLDERS)
def test_replacing_any_real_answer_changes_nothing_outside_it(folder: str) -> None:
    yaml = yaml_round_trip()
    for path in sorted((REAL / folder).glob("*.yml")):
        original = path.read_text(encoding="utf-8")
        for key in list(yaml.load(original)["responses"]):
            for buttons in ((), (Button("New", "/talk_to_person"), Button("Two", "/greet"))):
                document = yaml.load(original)
                set_answer(document["responses"][key], AnswerText("en", "One.\nTwo.", buttons))
                text = dump_like(yaml, document, original)
                assert outside_of(text, key) == outside_of(original, key), (path.name, key)
                before, after = outside_of(text, key)
                block = text[len(before) : len(text) - len(after)].strip("\n")
                assert "\n\n" not in block, (path.name, key, block)  # no stray blank line
                body = yaml.load(text)["responses"][key]
                assert body["text"] == "One.\nTwo."
                assert [b["payload"] for b in body.get("buttons") or []] == [
                    b.payload for b in buttons
                ]
