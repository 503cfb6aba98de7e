"""Logging for every app process: JSON lines, and never a message's text at INFO.

Log records carry ids and decisions (intent names, matched safety rule ids, timings), not
what the person wrote: mental-health conversations are special-category data. As a second
line of defence, every record passes a redaction filter (bot/privacy/redact.py) so a phone
number, e-mail address, postcode or NHS number that reaches a log line by mistake (an
exception message, a library's warning) is replaced before it is written.
"""

from __future__ import annotations

import logging

from bot.json_log import JsonFormatter
from bot.privacy.redact import redact, redact_value
from bot.settings import get_settings

__all__ = ["JsonFormatter", "RedactingFilter", "configure_logging"]

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


def configure_logging() -> None:
    root = logging.getLogger()
    root.setLevel(get_settings().log_level.upper())
    # uvicorn's --log-config (logging.yml) may already have put our formatter in place
    # (or an earlier call did): keep the handlers as they are, but make sure ours redact.
    ours = [h for h in root.handlers if isinstance(h.formatter, JsonFormatter)]
    if not ours:
        stream = logging.StreamHandler()
        stream.setFormatter(JsonFormatter())
        root.handlers = [stream]
        ours = [stream]
    for handler in ours:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
    for name in SERVER_LOGGERS:
        server_logger = logging.getLogger(name)
        server_logger.handlers = []
        server_logger.propagate = True
