"""Reading-level hints beside the answer editor: plain answers read at 9 to 11, long and
complicated ones are pointed out, in English by formula and in Welsh by sentence length and
long words (Welsh digraphs count as one letter)."""

from __future__ import annotations

from pathlib import Path

from bot.content.readability import assess, welsh_letters
from bot.content.source import load_source
from bot.settings import ROOT


def test_a_plain_english_answer_reads_at_the_target_age() -> None:
    plain = assess("Peer support is free. You can ask a person. They will help you.", "en")
    assert plain.reading_age is not None and plain.reading_age <= 11
    assert plain.reading_ease is not None and plain.reading_ease >= 80
    assert not plain.above_target and plain.long_sentences == []


def test_a_long_complicated_english_sentence_is_pointed_out() -> None:
    hard = assess(
        "Notwithstanding considerable organisational variability, peer supporters "
        "characteristically undertake comprehensive accredited preparation encompassing "
        "safeguarding responsibilities, boundaries and reflective supervision arrangements "
        "for everyone involved.",
        "en",
    )
    assert hard.above_target and hard.reading_age is not None and hard.reading_age > 11
    assert len(hard.long_sentences) == 1
    assert "characteristically" in hard.long_words


def test_welsh_gets_sentence_length_and_long_words_with_digraphs_as_one_letter() -> None:
    assert welsh_letters("llongyfarchiadau") == 13  # ll, ng, ch: 16 characters, 13 letters
    short = assess("Mae cymorth am ddim. Gallwch chi ofyn i berson.", "cy")
    assert short.sentences == 2 and short.average_sentence_words == 4.5
    assert short.reading_age is None and not short.above_target
    long = assess(
        "Mae gweithwyr cymorth cymheiriaid fel arfer yn cael hyfforddiant cynhwysfawr cyn "
        "dechrau ac mae hynny'n cynnwys gwrando, diogelu, ffiniau a goruchwyliaeth reolaidd "
        "gan gydweithwyr profiadol.",
        "cy",
    )
    assert long.above_target and len(long.long_sentences) == 1
    assert "goruchwyliaeth" in long.long_words


def test_placeholders_are_not_read_as_words() -> None:
    assert assess("Call now.\n{crisis_lines}", "en").words == 2


def test_every_real_answer_can_be_assessed() -> None:
    source = load_source(Path(ROOT / "data"))
    for language, texts in source.by_language.items():
        for text in texts.values():
            assess(text.text, language)
