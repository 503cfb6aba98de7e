"""The data type the lexicons are written in (kept separate to avoid import cycles)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Concern = Literal["self", "other", "none"]
Lang = Literal["en", "cy"]
# "infer": decide from a (?P<who>...) group in the pattern if there is one, otherwise
# from the nearest person cue before the match (see detector._infer_concern).
RuleConcern = Literal["self", "other", "infer"]


@dataclass(frozen=True)
class Rule:
    """One detection rule.

    ``pattern`` is a regular expression over the *normalised view* of a message
    (folded, tokens separated by single spaces, sentence punctuation turned into a
    ``.`` token; see :mod:`bot.safety.normalise`), with two extensions expanded at
    import time by :mod:`bot.safety.detector`:

    * ``@NAME`` -- a macro from the language's ``MACROS`` table;
    * ``<lladd|marw>`` -- Welsh words in their radical form, expanded to every
      mutated form (``lladd|ladd|marw|farw``). Only the first word of a
      multi-word alternative is mutated (``<taflu fy hun>``).

    The pattern is anchored to token boundaries automatically.

    ``unless_before`` / ``unless_after``: regexes (same extensions) that veto a
    match when they match the tokens immediately before / after it. Used for
    idioms ("killing myself *laughing*", "*career* suicide").

    ``negatable``: the match is vetoed when it is directly negated ("I'm *not*
    suicidal", "dw i *ddim* yn hunanladdol"). Only used for rules naming a state
    or a wish; see detector._negated for why acts are never negatable.
    """

    id: str
    pattern: str
    concern: RuleConcern = "infer"
    negatable: bool = False
    unless_before: str | None = None
    unless_after: str | None = None


def any_of(*alternatives: str) -> str:
    """Regex alternation, for readability of long rules."""
    return "(?:" + "|".join(alternatives) + ")"


def closed_by(*words: str) -> str:
    """Clause end (end of message, sentence or comma) or one of ``words`` next.

    Used where the same words are harmless when followed by an object: "end it" vs
    "end it with my boyfriend".
    """
    extra = "|".join(words)
    return rf"(?= \.|$| (?:{extra})(?![^ ]))" if words else r"(?= \.|$)"
