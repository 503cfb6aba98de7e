"""Logging for every app process: JSON lines, and never a message's text at INFO.

Log records carry ids and decisions (intent names, matched safety rule ids, timings), not
what the person wrote: mental-health conversations are special-category data. As a second
line of defence, every record passes a redaction filter (bot/privacy/redact.py) so a phone
number, e-mail address, postcode or NHS number that reaches a log line by mistake (an
exception message, a library's warning) is replaced before it is written.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

from bot.privacy.redact import redact, redact_value
from bot.settings import get_settings

# Loggers that servers configure with handlers of their own; we send them through ours so
# their lines are JSON and redacted too. Not the access logs: the Procfile turns them off
# (--no-access-log), and they would carry every conversation's address.
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "sanic.root", "sanic.error")
EXTRA_FIELDS = ("conversation_id", "event", "duration_ms")


class RedactingFilter(logging.Filter):
    """Replaces contact details and NHS numbers in a record before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the template, drop the arguments
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        for key in EXTRA_FIELDS:
            if hasattr(record, key):
                setattr(record, key, redact_value(getattr(record, key)))
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in EXTRA_FIELDS:
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False)


def configure_logging() -> None:
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactingFilter())
    root.handlers = [handler]
    root.setLevel(get_settings().log_level.upper())
    for name in SERVER_LOGGERS:
        server_logger = logging.getLogger(name)
        server_logger.handlers = []
        server_logger.propagate = True
