"""Cleaning what a person typed, without changing what they meant."""

from __future__ import annotations

import unicodedata


def clean_text(raw: str) -> str:
    """Drop control and format characters (keeping new lines), normalise, trim.

    NFC matters for Welsh: "ŵ" may arrive as "w" plus a combining circumflex.
    """
    text = unicodedata.normalize("NFC", raw)
    kept = [
        ch
        for ch in text
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    ]
    return "".join(kept).strip()


def has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
