"""Reading-level hints for an answer, shown beside the editor (advice, never a block).

Cymar's answers aim at a reading age of 9 to 11: people reach them tired, anxious or on a
phone, and plain language is what the Welsh and UK public-sector style guides ask for.

English uses the Flesch reading ease and the Flesch-Kincaid grade (reading age = grade + 5).
Welsh has no published, validated readability formula, so Welsh gets what the Welsh
Government's plain-language guidance looks at: sentence length and long words (Welsh
digraphs such as "ll" and "dd" count as one letter, as in the alphabet).

Hand-written on purpose: no readability library is installed in either environment
(textstat would cover English only; no library covers Welsh), and the formulas are short.
Syllables are counted by vowel groups, the usual approximation; it is a hint, not a score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.content.completeness import PLACEHOLDER

TARGET_AGE = (9, 11)
LONG_SENTENCE_WORDS = 20
LONG_WELSH_WORD_LETTERS = 11
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_WELSH_DIGRAPHS = re.compile(r"ch|dd|ff|ng|ll|ph|rh|th", re.IGNORECASE)


@dataclass(frozen=True)
class Readability:
    """What the editor shows under one language's text."""

    language: str
    sentences: int
    words: int
    average_sentence_words: float
    long_sentences: list[str] = field(default_factory=list)
    long_words: list[str] = field(default_factory=list)
    # English only.
    reading_ease: float | None = None
    reading_age: int | None = None

    @property
    def above_target(self) -> bool:
        if self.reading_age is not None:
            return self.reading_age > TARGET_AGE[1]
        return bool(self.long_sentences) or self.average_sentence_words > 15


def sentences_of(text: str) -> list[str]:
    plain = PLACEHOLDER.sub(" ", text)
    found = []
    for part in _SENTENCE_END.split(plain):
        cleaned = part.strip().lstrip("-*• ").strip()
        if _WORD.search(cleaned):
            found.append(cleaned)
    return found


def words_of(text: str) -> list[str]:
    return _WORD.findall(PLACEHOLDER.sub(" ", text))


def syllables(word: str) -> int:
    lowered = word.lower().replace("’", "'")
    groups = len(_VOWEL_GROUPS.findall(lowered))
    if lowered.endswith("e") and not lowered.endswith(("le", "ee")) and groups > 1:
        groups -= 1  # a silent final e ("make", "hope")
    return max(1, groups)


def welsh_letters(word: str) -> int:
    return len(word) - len(_WELSH_DIGRAPHS.findall(word))


def assess(text: str, language: str) -> Readability:
    sentences = sentences_of(text)
    words = words_of(text)
    count_s, count_w = max(1, len(sentences)), max(1, len(words))
    per_sentence = len(words) / count_s
    long_sentences = [s for s in sentences if len(words_of(s)) > LONG_SENTENCE_WORDS]
    if language == "en":
        per_word = sum(syllables(w) for w in words) / count_w
        ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
        grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
        long_words = sorted({w for w in words if syllables(w) >= 4}, key=str.lower)
        return Readability(
            language="en",
            sentences=len(sentences),
            words=len(words),
            average_sentence_words=round(per_sentence, 1),
            long_sentences=long_sentences,
            long_words=long_words,
            reading_ease=round(ease, 1) if words else None,
            reading_age=max(5, round(grade + 5)) if words else None,
        )
    long_words = sorted(
        {w for w in words if welsh_letters(w) >= LONG_WELSH_WORD_LETTERS}, key=str.lower
    )
    return Readability(
        language=language,
        sentences=len(sentences),
        words=len(words),
        average_sentence_words=round(per_sentence, 1),
        long_sentences=long_sentences,
        long_words=long_words,
    )
