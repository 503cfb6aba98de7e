"""Turn a raw message into the two views the rules match against.

Both views are lists of folded tokens (joined by single spaces for regex
matching) in which clause punctuation becomes a ``.`` token, so rules can tell
"I can't go on." from "I can't go on the trip".

* English view: contractions expanded (``don't`` -> ``do not``), apostrophes
  dropped, text-speak and misspellings mapped (see ``lexicon_en.TOKEN_MAP``).
* Welsh view: clitics split and expanded (``dw i'n`` -> ``dw i yn``, ``mae'r``
  -> ``mae yr``, ``'ma`` -> ``yma``); no English rewriting, so Welsh ``od``
  (odd) or ``im`` stay as they are.

Every message gets both views: people code-switch mid-sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.safety import lexicon_cy, lexicon_en
from bot.welsh import fold

# Obfuscation inside words: "su1c1de", "k!ll", "s*icide", "$uicide".
_LEET = (
    (re.compile(r"(?<=[a-z])[1!|](?=[a-z])"), "i"),
    (re.compile(r"(?<=[a-z])3(?=[a-z])"), "e"),
    (re.compile(r"(?<=[a-z])0(?=[a-z])"), "o"),
    (re.compile(r"(?<=[a-z])[4@](?=[a-z])"), "a"),
    (re.compile(r"(?<![a-z0-9])\$(?=[a-z])|(?<=[a-z])\$(?=[a-z])"), "s"),
    (re.compile(r"(?<=[a-z])\*+(?=[a-z])"), ""),
)
_CLAUSE = re.compile(r"[.!?;:,()\[\]{}\"<>\u2026/\\|\u2013\u2014]+|(?:^|\s)-+(?=\s|$)|\n")
_WORD_HYPHEN = re.compile(r"(?<=[a-z0-9])[-_]+(?=[a-z0-9])")
_JUNK = re.compile(r"[^a-z0-9' .]+")
# Elongation: "dieeee" -> "die", "sooooo" -> "so", "killlll" -> "kill".
_VOWEL_RUN = re.compile(r"([aeiouwy])\1{2,}")
_CONSONANT_RUN = re.compile(r"([b-df-hj-np-tv-xz])\1{2,}")
_SPACES = re.compile(r" {2,}")

_EN_PRONOUN_IS = frozenset(
    {"it", "that", "there", "what", "he", "she", "who", "where", "life", "everything",
     "nothing", "this", "here", "everyone", "nobody", "noone"}
)  # fmt: skip
_EN_SUFFIXES = (("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"),
                ("'d", " would"), ("'m", " am"))  # fmt: skip
_EN_PHRASES = tuple((re.compile(p), r) for p, r in lexicon_en.PHRASE_MAP)


@dataclass(frozen=True)
class View:
    """A normalised message: ``text`` is ``" ".join(tokens)``; ``starts[i]`` is the
    character offset of ``tokens[i]`` in ``text``."""

    text: str
    tokens: tuple[str, ...]
    starts: tuple[int, ...]


def _base(text: str) -> str:
    t = fold(text)
    for pattern, repl in _LEET:
        t = pattern.sub(repl, t)
    t = _CLAUSE.sub(" . ", t)
    t = _WORD_HYPHEN.sub(" ", t)
    t = _JUNK.sub(" ", t)
    t = _VOWEL_RUN.sub(r"\1", t)
    t = _CONSONANT_RUN.sub(r"\1\1", t)
    return t


def _make_view(words: list[str]) -> View:
    out: list[str] = []
    for w in words:
        if w == "." and (not out or out[-1] == "."):
            continue  # collapse runs of clause marks
        out.append(w)
    while out and out[-1] == ".":
        out.pop()
    text = " ".join(out)
    starts: list[int] = []
    pos = 0
    for tok in out:
        starts.append(pos)
        pos += len(tok) + 1
    return View(text=text, tokens=tuple(out), starts=tuple(starts))


def _english_token(token: str) -> str:
    mapped = lexicon_en.TOKEN_MAP.get(token)
    if mapped is not None:
        return mapped
    if "'" in token:
        core = token.strip("'")
        mapped = lexicon_en.TOKEN_MAP.get(core)
        if mapped is not None:
            return mapped
        for suffix, expansion in _EN_SUFFIXES:
            if core.endswith(suffix) and len(core) > len(suffix):
                return core[: -len(suffix)] + expansion
        if core.endswith("'s"):
            stem = core[:-2]
            return stem + " is" if stem in _EN_PRONOUN_IS else stem
        core = core.replace("'", "")
        return lexicon_en.TOKEN_MAP.get(core, core)
    return token


def english_view(text: str) -> View:
    words = [_english_token(tok) for tok in _base(text).split()]
    joined = _SPACES.sub(" ", " ".join(words))
    for pattern, repl in _EN_PHRASES:
        joined = pattern.sub(repl, joined)
    # Re-apply the token map to anything the phrase rewrites produced.
    words = [lexicon_en.TOKEN_MAP.get(w, w) for w in joined.split()]
    return _make_view(" ".join(words).split())


def _welsh_token(token: str) -> list[str]:
    mapped = lexicon_cy.TOKEN_MAP.get(token)
    if mapped is not None:
        return mapped.split()
    if "'" not in token:
        return [token]
    parts = token.split("'")
    out: list[str] = []
    first, rest = parts[0], parts[1:]
    if first:
        out.append(first)
    elif rest:
        # leading apostrophe: "'ma", "'di", "'yn hunan"
        lead, rest = rest[0], rest[1:]
        if lead:
            out.extend(lexicon_cy.LEADING_CLITICS.get(lead, lead).split())
    for piece in rest:
        if piece:
            out.extend(lexicon_cy.ATTACHED_CLITICS.get(piece, piece).split())
    return out


def welsh_view(text: str) -> View:
    words: list[str] = []
    for tok in _base(text).split():
        words.extend(_welsh_token(tok))
    for i in range(1, len(words)):
        if words[i] == "di" and words[i - 1] in lexicon_cy.WEDI_HOSTS:
            words[i] = "wedi"  # colloquial "dwi di mynd" = "dw i wedi mynd"
    return _make_view(words)
