"""Known vulnerabilities in both environments' pinned packages (`make test` runs this).

    python -m bot.ops.audit requirements/app.lock requirements/rasa.lock

pip-audit does the auditing. Its services can be out of reach (on some machines PyPI's
per-version JSON answers 404 and osv.dev does not resolve, and pip-audit then reports every
package as "not found" and says "No known vulnerabilities found"), so this:

1. asks pip-audit with each service in turn (PyPI, then OSV) and uses the first that
   actually audited the packages;
2. if none did, falls back to PyPI's project JSON, which is reachable more often: it lists
   the advisories affecting a project's latest release, so a package pinned at its latest
   release is fully checked, and an older pin is checked for advisories nobody has fixed;
3. says plainly how much could not be checked, instead of passing in silence.

It fails (exit 1) only on a known vulnerability that `requirements/audit-exceptions.md`
does not explain; an unreachable service is reported, never a failure, so `make test` does
not depend on someone else's server being up.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.settings import ROOT

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")
SERVICES = ("pypi", "osv")
PROJECT_JSON = "https://pypi.org/pypi/{name}/json"
ADVISORY_ID = re.compile(
    r"\b(?:PYSEC-\d{4}-\d+|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|CVE-\d{4}-\d+)\b"
)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


@dataclass(frozen=True)
class Finding:
    lock: str
    package: str
    version: str
    ids: frozenset[str]
    fixed_in: tuple[str, ...]
    certain: bool  # False: an unfixed advisory on the latest release; older pins may differ

    @property
    def label(self) -> str:
        return sorted(self.ids, key=lambda i: (not i.startswith("GHSA"), i))[0]


@dataclass
class LockResult:
    lock: str
    packages: int
    source: str  # what answered: "pip-audit (pypi)", "PyPI project data" or "nothing"
    findings: list[Finding] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)
    partly_checked: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def pins(lock: Path) -> list[tuple[str, str]]:
    found = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def explained_ids(exceptions: Path) -> set[str]:
    """Advisory ids in the table rows of the reviewed exceptions file."""
    if not exceptions.exists():
        return set()
    rows = (line for line in exceptions.read_text(encoding="utf-8").splitlines() if "|" in line)
    return {advisory for row in rows for advisory in ADVISORY_ID.findall(row)}


def findings_from_pip_audit(
    lock: str, report: dict[str, object]
) -> tuple[list[Finding], list[str]]:
    """pip-audit's JSON: (findings, packages it skipped)."""
    findings, skipped = [], []
    for dep in report.get("dependencies", []):  # type: ignore[attr-defined]
        if dep.get("skip_reason"):
            skipped.append(f"{dep['name']}")
            continue
        for vuln in dep.get("vulns", []):
            findings.append(
                Finding(
                    lock,
                    dep["name"],
                    dep.get("version", "?"),
                    frozenset([vuln["id"], *vuln.get("aliases", [])]),
                    tuple(vuln.get("fix_versions", [])),
                    certain=True,
                )
            )
    return findings, skipped


def run_pip_audit(lock: Path, service: str) -> dict[str, object] | str:
    """pip-audit's JSON report, or why there is none."""
    command = [
        str(PIP_AUDIT),
        "-r",
        str(lock),
        "--no-deps",
        "--disable-pip",
        "-f",
        "json",
        "-s",
        service,
        "--progress-spinner",
        "off",
        "--timeout",
        "10",
        "--cache-dir",
        str(ROOT / ".cache" / "pip-audit"),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"pip-audit did not run ({type(exc).__name__})"
    try:
        report = json.loads(done.stdout)
    except ValueError:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"{service} service unreachable: {last[:160]}"
    return report if isinstance(report, dict) else "pip-audit gave no report"


def project_data_check(lock: str, packages: Sequence[tuple[str, str]], result: LockResult) -> bool:
    """PyPI's project JSON for each pin; False if PyPI does not answer at all."""

    def fetch(pin: tuple[str, str]) -> tuple[str, str, dict[str, object] | None]:
        name, version = pin
        try:
            response = httpx.get(PROJECT_JSON.format(name=name), timeout=10)
            return name, version, response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return name, version, None

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(fetch, packages))
    if all(data is None for _, _, data in answers):
        return False
    for name, version, data in answers:
        if data is None:
            result.not_checked.append(name)
            continue
        latest = str(data.get("info", {}).get("version", ""))  # type: ignore[attr-defined]
        at_latest = latest == version
        if not at_latest:
            result.partly_checked.append(f"{name} {version} (latest {latest})")
        for vuln in data.get("vulnerabilities", []) or []:  # type: ignore[attr-defined]
            fixed = tuple(vuln.get("fixed_in") or [])
            if not at_latest and fixed:
                continue  # fixed by the latest release: says nothing about an older pin
            result.findings.append(
                Finding(
                    lock,
                    name,
                    version,
                    frozenset([vuln["id"], *(vuln.get("aliases") or [])]),
                    fixed,
                    certain=at_latest,
                )
            )
    return True


def audit_lock(lock: Path) -> LockResult:
    packages = pins(lock)
    result = LockResult(
        str(lock.relative_to(ROOT) if lock.is_relative_to(ROOT) else lock), len(packages), "nothing"
    )
    for service in SERVICES:
        report = run_pip_audit(lock, service)
        if isinstance(report, str):
            result.notes.append(report)
            continue
        findings, skipped = findings_from_pip_audit(result.lock, report)
        if len(skipped) == len(packages):
            result.notes.append(
                f"{service} service: every package 'not found' "
                "(its per-version data is unreachable from here)"
            )
            continue
        result.source = f"pip-audit ({service} service)"
        result.findings, result.not_checked = findings, skipped
        return result
    if project_data_check(result.lock, packages, result):
        result.source = "PyPI project data (pip-audit's services unreachable)"
    else:
        result.not_checked = [name for name, _ in packages]
        result.notes.append("PyPI project data unreachable too")
    return result


def unique(findings: Iterable[Finding]) -> list[Finding]:
    """One line per advisory: PyPI lists an advisory under each of its ids (PYSEC, GHSA)."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.package, f.label)):
        same = next((k for k in kept if k.package == finding.package and k.ids & finding.ids), None)
        if same is None:
            kept.append(finding)
    return kept


def report(results: Iterable[LockResult], explained: set[str]) -> tuple[list[str], int]:
    """The lines to print, and the exit code (1 only for an unexplained vulnerability)."""
    lines: list[str] = []
    unexplained: list[Finding] = []
    incomplete = False
    for result in results:
        lines.append(f"{result.lock}: {result.packages} packages, checked with {result.source}")
        lines += [f"  note: {note}" for note in result.notes]
        if result.not_checked:
            incomplete = True
            lines.append(
                f"  NOT CHECKED ({len(result.not_checked)}): {', '.join(result.not_checked[:12])}"
                + (" …" if len(result.not_checked) > 12 else "")
            )
        if result.partly_checked:
            incomplete = True
            lines.append(
                f"  only unfixed advisories checked for {len(result.partly_checked)} older pins "
                "(advisories fixed in a later release cannot be seen from here)"
            )
        for finding in unique(result.findings):
            ok = bool(finding.ids & explained)
            if not ok:
                unexplained.append(finding)
            fix = f"fixed in {', '.join(finding.fixed_in)}" if finding.fixed_in else "no fix yet"
            maybe = (
                "" if finding.certain else " (unfixed on the latest release; may affect this pin)"
            )
            lines.append(
                f"  {'explained' if ok else 'UNEXPLAINED'}: {finding.package} {finding.version} "
                f"{finding.label} ({fix}){maybe}"
            )
    if incomplete:
        lines.append(
            "AUDIT INCOMPLETE: pip-audit's vulnerability services are not reachable from this "
            "machine, so only what PyPI's project data shows was checked (see above); run "
            "`make audit` where osv.dev or PyPI's per-version data answers for a full audit."
        )
    if unexplained:
        lines.append(
            f"FAILED: {len(unexplained)} known vulnerabilities are not explained in "
            "requirements/audit-exceptions.md: upgrade, or add a reviewed row for each."
        )
        return lines, 1
    lines.append("No unexplained known vulnerabilities.")
    return lines, 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.audit", description=__doc__)
    parser.add_argument("locks", nargs="+", type=Path)
    parser.add_argument(
        "--exceptions", type=Path, default=ROOT / "requirements" / "audit-exceptions.md"
    )
    args = parser.parse_args(argv)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(audit_lock, [lock.resolve() for lock in args.locks]))
    lines, code = report(results, explained_ids(args.exceptions))
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
