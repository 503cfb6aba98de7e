"""Rasa's own checks on our data and model: `rasa data validate` and test stories per language.

These run the real Rasa CLI from the Rasa environment against the model `make test` trained.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from bot.settings import ROOT

RASA = ROOT / ".venv" / "rasa" / "bin" / "rasa"
MODEL = ROOT / "models" / "cymar.tar.gz"
TRAINING_DATA = ["data/nlu", "data/rules", "data/stories"]
# Rasa 3.6 warns about duplicated retrieval intents whenever they are declared in the domain
# (its ResponsesSyncImporter re-adds them); without declaring them it warns that the rules
# use unknown intents instead. This one warning is Rasa's, not our data's.
# Rasa also derives a retrieval action, `utter_faq`, for the FAQ intent; we answer with
# `action_answer_faq` instead (it uses the conversation's topic), so Rasa calls it unused.
KNOWN_RASA_WARNINGS = (
    "The following duplicated intents have been found across multiple domain",
    "The utterance 'utter_faq' is not used in any story or rule.",
)

pytestmark = pytest.mark.rasa


def rasa(*args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    if not RASA.exists():
        pytest.fail("The Rasa environment is missing: run `make setup`.")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    return subprocess.run(
        [str(RASA), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_rasa_data_validate_is_clean() -> None:
    result = rasa(
        "data",
        "validate",
        "--domain",
        "domain",
        "--data",
        *TRAINING_DATA,
        "--config",
        "config.yml",
        "--fail-on-warnings",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    warnings = [
        line
        for line in output.splitlines()
        if "UserWarning" in line and not any(known in line for known in KNOWN_RASA_WARNINGS)
    ]
    assert warnings == [], "\n".join(warnings)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_conversation_stories_pass_in_each_language(language: str, tmp_path: Path) -> None:
    if not MODEL.exists():
        pytest.fail("No trained model: run `make train`.")
    result = rasa(
        "test",
        "core",
        "--model",
        str(MODEL),
        "--stories",
        f"tests/conversations/{language}",
        "--out",
        str(tmp_path),
        "--fail-on-prediction-errors",
        "--no-plot",
    )
    output = result.stdout + result.stderr
    failed = tmp_path / "failed_test_stories.yml"
    detail = failed.read_text() if failed.exists() else output[-3000:]
    assert result.returncode == 0, f"{language} stories failed:\n{detail[:6000]}"
    assert not re.search(r"Failed stories: [1-9]", output)
