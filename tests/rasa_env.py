"""Run a script in Rasa's own environment (Python 3.10 with Rasa installed), as `rasa run`
would have it, and read back the JSON it prints last."""

from __future__ import annotations

import json
import subprocess

from bot.ops.rasa_server import RASA_PYTHON
from bot.settings import ROOT


def run_in_rasa(script: str) -> dict[str, object]:
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", script],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))
