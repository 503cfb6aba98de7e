"""Rasa's command line, run in Rasa's environment, logging only JSON lines.

- Our `logging.yml` is applied before Rasa is imported, and Python's warnings go through
  it, so even the import-time deprecation notices are JSON.
- `rasa run` installs coloredlogs' text handler on the root logger after reading
  `--logging-config-file`, which would replace our JSON handler: that step is skipped.
Everything else is Rasa's own `main()`. Standard library, PyYAML and Rasa only.
"""

from __future__ import annotations

import logging
import logging.config
from pathlib import Path

import yaml

LOGGING_CONFIG = Path(__file__).resolve().parents[2] / "logging.yml"


def _keep_json_handler(_loglevel: object) -> None:
    """Rasa's level is set from LOG_LEVEL already; no coloured text handler."""


def run() -> None:
    logging.config.dictConfig(yaml.safe_load(LOGGING_CONFIG.read_text(encoding="utf-8")))
    logging.captureWarnings(True)
    import rasa.utils.io
    from rasa.__main__ import main

    rasa.utils.io.configure_colored_logging = _keep_json_handler
    main()


if __name__ == "__main__":
    run()
