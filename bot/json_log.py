"""The one JSON log line format, for every process (ours, uvicorn's, Sanic's and Rasa's).

Standard library only: Rasa's environment imports it through `logging.yml`.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone


class JsonFormatter(logging.Formatter):
    """`time`, `level`, `logger`, `message`, plus our ids and timings; never a traceback's
    text (exception messages can quote what a person wrote), only the exception's class."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("conversation_id", "event", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False)
