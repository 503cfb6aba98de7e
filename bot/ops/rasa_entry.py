"""Rasa's command line, run in Rasa's environment, logging only JSON lines.

- Our `logging.yml` is applied before Rasa is imported, and Python's warnings go through
  it, so even the import-time deprecation notices are JSON.
- `rasa run` installs coloredlogs' text handler on the root logger after reading
  `--logging-config-file`, which would replace our JSON handler: that step is skipped.
- Rasa's structured log events carry what a person wrote in named fields, even at ERROR
  (a REST request that times out logs its `text`). Rasa runs every event through an
  anonymiser hook (empty in Rasa Open Source); ours drops those fields' values.
- Rasa checks every action server reply against a JSON schema in a way that cost a third
  of its CPU under load; the same check, made cheap, replaces it (bot/nlu/response_checks.py).
- Rasa opens a new connection for every call to the action server and the NLG endpoint;
  it keeps them alive instead (bot/nlu/keep_alive.py).
Everything else is Rasa's own `main()`. Standard library, PyYAML, Rasa and bot.nlu only.
"""

from __future__ import annotations

import logging
import logging.config
import os
from pathlib import Path
from typing import Any

import yaml

LOGGING_CONFIG = Path(__file__).resolve().parents[2] / "logging.yml"


# The fields Rasa's own anonymiser treats as personal (rasa/utils/log_utils.py), and ours.
PERSONAL_FIELDS = frozenset(
    {
        "text", "response_text", "user_text", "slot_values", "parse_data_text",
        "parse_data_entities", "prediction_events", "tracker_latest_message",
        "prefilled_slots", "message", "response", "slot_candidates", "rasa_event",
        "rasa_events", "tracker_states", "current_states", "old_states", "successes",
        "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
        "json_message", "metadata", "events", "slots", "entities",
    }
)  # fmt: skip


def _drop_personal_fields(_logger: object, _name: str, event: dict[str, Any]) -> dict[str, Any]:
    for key in PERSONAL_FIELDS.intersection(event):
        event[key] = "[removed]"
    return event


def _keep_json_handler(_loglevel: object) -> None:
    """Rasa's level is set from LOG_LEVEL already; no coloured text handler."""


def prepare() -> None:
    """Our logging first, then Rasa imported with its two logging hooks replaced, its
    reply checks made cheap and its connections kept alive."""
    # TensorFlow's C++ warnings go straight to stderr as plain text, never through logging:
    # set before anything here can import TensorFlow.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.config.dictConfig(yaml.safe_load(LOGGING_CONFIG.read_text(encoding="utf-8")))
    logging.captureWarnings(True)
    import rasa.utils.io
    import rasa.utils.log_utils

    rasa.utils.io.configure_colored_logging = _keep_json_handler
    rasa.utils.log_utils._anonymizer = _drop_personal_fields

    from bot.nlu import keep_alive, response_checks

    response_checks.install()
    keep_alive.install()


if __name__ == "__main__":
    prepare()
    from rasa.__main__ import main

    main()
