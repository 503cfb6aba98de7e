"""The vulnerability audit's verdicts: fail only on what nobody explained, say what was not
checked, never pass silently when the services are unreachable."""

from __future__ import annotations

from pathlib import Path

from bot.ops.audit import (
    Finding,
    LockResult,
    explained_ids,
    findings_from_pip_audit,
    report,
)
from bot.settings import ROOT


def finding(package: str, *ids: str, certain: bool = True) -> Finding:
    return Finding("requirements/app.lock", package, "1.0", frozenset(ids), (), certain)


def test_an_unexplained_vulnerability_fails_and_an_explained_one_passes() -> None:
    result = LockResult("requirements/app.lock", 3, "pip-audit (pypi service)")
    result.findings = [
        finding("jinja2", "PYSEC-2024-1", "GHSA-h5c8-rqwp-cp95"),
        finding("jinja2", "GHSA-h5c8-rqwp-cp95", "PYSEC-2024-1"),  # the same, under its other id
    ]
    lines, code = report([result], explained=set())
    assert code == 1
    assert sum("UNEXPLAINED" in line for line in lines) == 1
    assert lines[-1].startswith("FAILED: 1 known vulnerabilities")
    lines, code = report([result], explained={"PYSEC-2024-1"})
    assert code == 0 and "explained: jinja2 1.0 GHSA-h5c8-rqwp-cp95" in "\n".join(lines)


def test_unreachable_services_are_reported_loudly_but_do_not_fail() -> None:
    result = LockResult("requirements/rasa.lock", 2, "nothing")
    result.not_checked = ["rasa", "numpy"]
    result.notes = ["osv service unreachable: name resolution failed"]
    lines, code = report([result], explained=set())
    text = "\n".join(lines)
    assert code == 0
    assert "NOT CHECKED (2): rasa, numpy" in text and "AUDIT INCOMPLETE" in text


def test_pip_audit_reports_every_package_not_found_when_its_service_is_unreachable() -> None:
    # What pip-audit prints here, where PyPI's per-version JSON answers 404.
    report_json = {
        "dependencies": [
            {"name": "alembic", "skip_reason": "Dependency not found on PyPI and could not be"},
            {
                "name": "jinja2",
                "version": "3.1.2",
                "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": []}],
            },
        ]
    }
    findings, skipped = findings_from_pip_audit("app.lock", report_json)
    assert skipped == ["alembic"]
    assert [(f.package, f.fixed_in) for f in findings] == [("jinja2", ("3.1.3",))]


def test_the_reviewed_exceptions_are_read_from_the_table(tmp_path: Path) -> None:
    exceptions = tmp_path / "x.md"
    exceptions.write_text(
        "Mentioning GHSA-aaaa-bbbb-cccc in prose does not count.\n\n"
        "| advisory | package | why | reviewed |\n|---|---|---|---|\n"
        "| GHSA-94jw-hqvj-vw74 (CVE-2026-37737) | Sanic-Cors | reasons | 2026-12-01 |\n"
    )
    assert explained_ids(exceptions) == {"GHSA-94jw-hqvj-vw74", "CVE-2026-37737"}
    assert "GHSA-94jw-hqvj-vw74" in explained_ids(ROOT / "requirements" / "audit-exceptions.md")
