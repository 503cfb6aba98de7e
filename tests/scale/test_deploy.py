"""The deployment files in deploy/: what can be checked on a machine with no container
runtime and no systemd running (docs/operations.md says what could not be)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.settings import ROOT, Settings

DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
# Read by Rasa or by the container image, not by our settings.
NOT_OURS = {"POSTGRES_USER", "POSTGRES_PASSWORD_FILE", "POSTGRES_DB"}


def setting_names() -> set[str]:
    names = set()
    for name, field in Settings.model_fields.items():
        names.add(name.upper())
        alias = field.validation_alias
        for choice in getattr(alias, "choices", []):
            names.add(str(choice))
    return names


def env_file_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        line = line.lstrip("# ").strip()
        match = re.match(r"^([A-Z][A-Z0-9_]*)=", line)
        if match:
            names.add(match.group(1))
    return names


def test_the_compose_file_runs_two_web_and_two_rasa_instances_on_postgres_and_redis() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "migrate", "rasa", "actions", "nlg", "web", "lb"}
    assert services["web"]["deploy"]["replicas"] == 2
    assert services["rasa"]["deploy"]["replicas"] == 2
    for name, service in services.items():
        for needed in service.get("depends_on", {}):
            assert needed in services, (name, needed)
        for variable in service.get("environment", {}):
            assert variable in setting_names() | NOT_OURS, (name, variable)
    # Readiness, not health, decides whether the load balancer uses a web replica.
    assert "/api/ready" in " ".join(services["web"]["healthcheck"]["test"])
    for mounted in ("nginx/compose.conf", "postgres-init.sql"):
        assert (DEPLOY / mounted).exists()


@pytest.mark.parametrize("example", ["cymar.env.example", "compose.env.example"])
def test_every_variable_in_the_example_environments_is_a_setting(example: str) -> None:
    names = env_file_names(DEPLOY / example)
    assert names and names <= setting_names(), names - setting_names()


def test_the_documented_variables_are_exactly_the_settings() -> None:
    doc = (ROOT / "docs" / "operations.md").read_text()
    first_cells = re.findall(r"^\| ([^|]*`[A-Z][^|]*) \|", doc, flags=re.MULTILINE)
    table = {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cell)}
    assert setting_names() - {"PORT"} <= table, setting_names() - table
    assert table <= setting_names() | {"TICKET_LOCK_LIFETIME"}, table - setting_names()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_systemd_units_verify(tmp_path: Path) -> None:
    # The units name /opt/cymar; verify them as installed from this checkout, and as the
    # current user (the cymar user does not exist here).
    for unit in UNITS.iterdir():
        text = unit.read_text().replace("/opt/cymar", str(ROOT))
        text = re.sub(r"^(User|Group)=cymar$", r"\1=root", text, flags=re.MULTILINE)
        (tmp_path / unit.name).write_text(text)
    names = [
        "cymar.target",
        "cymar-migrate.service",
        "cymar-actions.service",
        "cymar-nlg.service",
        "cymar-web@8080.service",
        "cymar-rasa@5005.service",
    ]
    done = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / n) for n in names)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    problems = [line for line in done.stderr.splitlines() if str(tmp_path) in line]
    assert done.returncode == 0 and not problems, done.stderr
