"""Logging for every app process: JSON lines, and never a message's text at INFO.

Log records carry ids and decisions (intent names, matched safety rule ids, timings), not
what the person wrote: mental-health conversations are special-category data.
"""

from __future__ import annotations

import logging

from bot.json_log import JsonFormatter
from bot.settings import get_settings

__all__ = ["JsonFormatter", "configure_logging"]


def configure_logging() -> None:
    root = logging.getLogger()
    root.setLevel(get_settings().log_level.upper())
    # uvicorn's --log-config (logging.yml) may already have put our formatter in place.
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root.handlers = [handler]
