"""Every word of the staff app, in Welsh and English, one module per screen.

Each module in this package has `TEXT: dict[str, dict[str, str]]` (key -> {"cy", "en"}).
They are merged here; a key defined twice is an error at import, and a test checks that
every key has both languages. A new screen adds its own module: nothing else to register.
"""

from __future__ import annotations

import importlib
import pkgutil

TEXT: dict[str, dict[str, str]] = {}
_OWNER: dict[str, str] = {}

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    _words = importlib.import_module(f"{__name__}.{_module.name}").TEXT
    for _key, _both in _words.items():
        if _key in _OWNER:
            raise RuntimeError(f"staff text {_key!r} is in both {_OWNER[_key]} and {_module.name}")
        _OWNER[_key] = _module.name
        TEXT[_key] = _both


def texts_for(language: str) -> dict[str, str]:
    lang = language if language in ("cy", "en") else "cy"
    return {key: both[lang] for key, both in TEXT.items()}


def owner_of(key: str) -> str:
    """Which module defines a key (for the test's error messages)."""
    return _OWNER[key]
