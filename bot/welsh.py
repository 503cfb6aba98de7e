"""Mutation-aware normalisation helpers for Welsh (and bilingual) text.

Shared by the safety detector and the NLU layer. Pure standard library, no I/O.

Welsh changes the *first letter* of a word depending on the word before it
("initial consonant mutation"): ``lladd`` (kill) appears as ``ladd`` after
``i``/``am``; ``marw`` (die) as ``farw``; ``tabledi`` as ``dabledi`` (after
``o``) or ``nhabledi`` (after ``fy``). A lexicon that only lists radical
(dictionary) forms therefore misses most real sentences. Two directions are
provided:

* :func:`mutations` -- radical -> every surface form it can take (used to
  pre-generate regex alternatives from a lexicon of radical forms);
* :func:`radical_candidates` -- surface -> every radical it could come from
  (used to look a token up in a lexicon of radical forms).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "mutations", "radical_candidates", "tokens", "welsh_lemma"]

# Every apostrophe-like character people (and phone keyboards) type.
_APOSTROPHES = str.maketrans(
    {
        "\u2019": "'",  # ’ right single quotation mark (iOS/macOS "smart" apostrophe)
        "\u2018": "'",  # ‘ left single quotation mark
        "\u201b": "'",  # ‛
        "`": "'",
        "\u00b4": "'",  # ´ spacing acute (must be mapped *before* NFKD, which turns it into " ́")
        "\u02bc": "'",  # ʼ modifier letter apostrophe
        "\u2032": "'",  # ′ prime
    }
)
_WHITESPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")

_VOWELS = frozenset("aeiouwy")  # w and y are vowels in Welsh


def fold(text: str) -> str:
    """Lower-case, unify apostrophes, strip diacritics and collapse whitespace.

    ``"Dw i’n  wedi blino'n LÂN"`` -> ``"dw i'n wedi blino'n lan"``;
    ``ŵ -> w``, ``ŷ -> y``, ``â -> a``, ``é -> e``. Folding is applied to both the
    message and the lexicons, so a user who types without accents (most people on
    a phone) matches exactly like one who types them.
    """
    text = text.translate(_APOSTROPHES).lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WHITESPACE.sub(" ", stripped).strip()


def tokens(text: str) -> list[str]:
    """Folded word tokens; internal apostrophes/hyphens are kept (``i'n``, ``hunan-niweidio``)."""
    return _TOKEN.findall(fold(text))


# --- forward mutation (radical -> surface) ---------------------------------------------

# Digraphs that are single letters in Welsh and never mutate.
_IMMUTABLE_DIGRAPHS = ("ch", "ph", "th", "ff", "dd", "ng")

# (radical prefix, mutated prefix); longest prefixes first so "ll"/"rh" win over "l"/"r".
_SOFT: tuple[tuple[str, str], ...] = (
    ("ll", "l"),
    ("rh", "r"),
    ("c", "g"),
    ("p", "b"),
    ("t", "d"),
    ("g", ""),  # g disappears: gardd -> ardd, gwell -> well
    ("b", "f"),
    ("d", "dd"),
    ("m", "f"),
)
_NASAL: tuple[tuple[str, str], ...] = (
    ("c", "ngh"),
    ("p", "mh"),
    ("t", "nh"),
    ("g", "ng"),
    ("b", "m"),
    ("d", "n"),
)
_ASPIRATE: tuple[tuple[str, str], ...] = (("c", "ch"), ("p", "ph"), ("t", "th"))


def _apply(word: str, table: tuple[tuple[str, str], ...]) -> str | None:
    if word.startswith(_IMMUTABLE_DIGRAPHS):
        return None
    for radical, mutated in table:
        if word.startswith(radical):
            return mutated + word[len(radical) :]
    return None


@lru_cache(maxsize=4096)
def mutations(word: str) -> tuple[str, ...]:
    """The radical ``word`` followed by every form it takes under mutation.

    Order: radical, soft, nasal, aspirate, h-prothesis; duplicates removed.
    ``mutations("marw") == ("marw", "farw")``,
    ``mutations("tabledi") == ("tabledi", "dabledi", "nhabledi", "thabledi")``.
    """
    word = fold(word)
    forms = [word]
    for table in (_SOFT, _NASAL, _ASPIRATE):
        mutated = _apply(word, table)
        if mutated:
            forms.append(mutated)
    if word[:1] in _VOWELS:
        forms.append("h" + word)  # h-prothesis: ei henw, ei hunan -> (radical "unan" is not a word,
        # but "ei harian" <- arian, "ei hwyneb" <- wyneb)
    return tuple(dict.fromkeys(forms))


# --- inverse mutation (surface -> candidate radicals) -----------------------------------


def _soft_inverse(word: str) -> list[str]:
    out: list[str] = []
    if word.startswith("dd"):
        out.append("d" + word[2:])
    elif word.startswith("d"):
        out.append("t" + word[1:])
    if word.startswith("g") and not word.startswith("ng"):
        out.append("c" + word[1:])
    if word.startswith("b"):
        out.append("p" + word[1:])
    if word.startswith("f") and not word.startswith("ff"):
        out.extend(("m" + word[1:], "b" + word[1:]))
    if word.startswith("l") and not word.startswith("ll"):
        out.append("l" + word)
    if word.startswith("r") and not word.startswith("rh"):
        out.append("rh" + word[1:])
    # Lost g: ardd <- gardd, waith <- gwaith, lan <- glan, ras <- gras.
    first = word[:1]
    if (
        first in _VOWELS
        or (first == "l" and not word.startswith("ll"))
        or (first == "r" and not word.startswith("rh"))
    ):
        out.append("g" + word)
    return out


def _nasal_inverse(word: str) -> list[str]:
    if word.startswith("ngh"):
        return ["c" + word[3:]]
    if word.startswith("ng"):
        return ["g" + word[2:]]
    if word.startswith("mh"):
        return ["p" + word[2:]]
    if word.startswith("nh"):
        return ["t" + word[2:]]
    if word.startswith("m"):
        return ["b" + word[1:]]
    if word.startswith("n"):
        return ["d" + word[1:]]
    return []


def _aspirate_inverse(word: str) -> list[str]:
    for mutated, radical in (("ch", "c"), ("ph", "p"), ("th", "t")):
        if word.startswith(mutated):
            return [radical + word[2:]]
    return []


def _h_inverse(word: str) -> list[str]:
    # h-prothesis adds h before a vowel (ei hafal <- afal). Note that many words
    # genuinely start with h (hunan, hi, hen): the surface form always comes
    # first, so "hunan" is still found as itself; "unan" is merely an extra,
    # harmless candidate.
    if len(word) > 1 and word[0] == "h" and word[1] in _VOWELS:
        return [word[1:]]
    return []


@lru_cache(maxsize=16384)
def radical_candidates(word: str) -> tuple[str, ...]:
    """``word`` itself, then every radical it could be a mutation of.

    Over-generates on purpose (``farw`` -> ``marw`` *and* ``barw``): callers look
    candidates up in a lexicon of radical forms, where non-words simply miss.
    Order: surface, soft, nasal, aspirate, h-prothesis; duplicates removed.

    >>> radical_candidates("nghaerdydd")
    ('nghaerdydd', 'caerdydd')
    """
    word = fold(word)
    if not word:
        return ()
    forms = [word]
    forms.extend(_soft_inverse(word))
    forms.extend(_nasal_inverse(word))
    forms.extend(_aspirate_inverse(word))
    forms.extend(_h_inverse(word))
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=50_000)
def welsh_lemma(word: str) -> str:
    """The dictionary lemma of ``word``, or of the first radical form a dictionary knows.

    Used as the token lemma in Rasa's pipeline so that "nghymorth", "gymorth" and "chymorth"
    share the features of "cymorth". simplemma's Welsh data (from Wiktionary) knows many
    mutated forms itself; our inverse mutations cover the rest. Words no dictionary knows
    (English words, names, typos) come back lower-cased, unchanged. simplemma is imported
    on first use, so the safety detector, which imports this module, stays stdlib-only.

    >>> welsh_lemma("Nghaerdydd")
    'caerdydd'
    """
    import simplemma

    lowered = word.lower()
    for candidate in (lowered, *radical_candidates(lowered)):
        if simplemma.is_known(candidate, lang="cy"):
            return str(simplemma.lemmatize(candidate, lang="cy")).lower()
    return lowered
