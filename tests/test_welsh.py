"""Tests for bot.welsh: folding, tokens and mutation handling, with real phrases."""

from __future__ import annotations

import pytest

from bot.welsh import fold, mutations, radical_candidates, tokens, welsh_lemma


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Dw i’n", "dw i'n"),
        ("dw i‘n", "dw i'n"),
        ("dw i`n", "dw i'n"),
        ("wedi blino'n LÂN", "wedi blino'n lan"),
        ("Mae’r ŵyn yn y caeau", "mae'r wyn yn y caeau"),
        ("tŷ  bach\t\n  twt", "ty bach twt"),
        ("Café ŷd âr", "cafe yd ar"),
        ("  ", ""),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_fold_makes_accented_and_plain_spellings_equal() -> None:
    assert fold("dw i’n sôn am y trên") == fold("dw i'n son am y tren")
    assert fold("wedi blino’n lân") == fold("wedi blino'n lan")


def test_tokens() -> None:
    assert tokens("Dw i’n byw yng Nghaerdydd!") == ["dw", "i'n", "byw", "yng", "nghaerdydd"]
    assert tokens("hunan-niweidio, 'ma") == ["hunan-niweidio", "ma"]
    assert tokens("") == []
    assert tokens("🙂🙂") == []


@pytest.mark.parametrize(
    ("surface", "radical"),
    [
        ("nghaerdydd", "caerdydd"),  # yng Nghaerdydd (nasal)
        ("mangor", "bangor"),  # ym Mangor (nasal)
        ("gaerfyrddin", "caerfyrddin"),  # i Gaerfyrddin (soft)
        ("nhabledi", "tabledi"),  # fy nhabledi (nasal)
        ("dabledi", "tabledi"),  # gormod o dabledi (soft)
        ("thabledi", "tabledi"),  # ei thabledi (aspirate)
        ("chyllell", "cyllell"),  # ei chyllell (aspirate)
        ("gyllell", "cyllell"),  # ei gyllell (soft)
        ("ladd", "lladd"),  # am ladd (soft)
        ("farw", "marw"),  # bu farw (soft)
        ("fyw", "byw"),  # i fyw (soft)
        ("mywyd", "bywyd"),  # fy mywyd (nasal)
        ("fywyd", "bywyd"),  # ei fywyd (soft)
        ("mreichiau", "breichiau"),  # fy mreichiau (nasal)
        ("frifo", "brifo"),  # i frifo (soft)
        ("roi", "rhoi"),  # i roi (soft)
        ("orddos", "gorddos"),  # cymerais orddos (soft, lost g)
        ("ngorddos", "gorddos"),  # nasal
        ("waith", "gwaith"),  # ei waith (soft, lost g)
        ("ddeffro", "deffro"),  # wna i ddeffro (soft)
        ("nhad", "tad"),  # fy nhad
        ("mrawd", "brawd"),  # fy mrawd
        ("harian", "arian"),  # ei harian (h-prothesis)
    ],
)
def test_radical_candidates_finds_radical(surface: str, radical: str) -> None:
    candidates = radical_candidates(surface)
    assert candidates[0] == surface  # surface form always first
    assert radical in candidates


def test_radical_candidates_examples_from_spec() -> None:
    assert radical_candidates("ladd")[:2] == ("ladd", "lladd")
    assert radical_candidates("farw")[:3] == ("farw", "marw", "barw")
    # "o Wrecsam": w never mutates, the place name is its own radical.
    assert radical_candidates("Wrecsam")[0] == "wrecsam"
    # "hunan" is radical: it stays first, even though h-prothesis offers "unan".
    assert radical_candidates("hunan")[0] == "hunan"


def test_radical_candidates_of_real_phrases() -> None:
    phrase = "Dw i wedi lladd amser yng Nghaerdydd, ym Mangor ac o Wrecsam i Gaerfyrddin"
    radicals = {cand for tok in tokens(phrase) for cand in radical_candidates(tok)}
    assert {"lladd", "caerdydd", "bangor", "wrecsam", "caerfyrddin"} <= radicals


def test_digraphs_do_not_mutate() -> None:
    # ch, ff, th, ph, dd are letters of their own: "chwaer" is not a form of "cwaer".
    assert mutations("chwaer") == ("chwaer",)
    assert mutations("ffrind") == ("ffrind",)
    assert "ff" not in {c[:2] for c in radical_candidates("ffrind")[1:]}


@pytest.mark.parametrize(
    ("radical", "forms"),
    [
        ("marw", ("marw", "farw")),
        ("lladd", ("lladd", "ladd")),
        ("tabledi", ("tabledi", "dabledi", "nhabledi", "thabledi")),
        ("bywyd", ("bywyd", "fywyd", "mywyd")),
        ("gorddos", ("gorddos", "orddos", "ngorddos")),
        ("rhoi", ("rhoi", "roi")),
        ("cyllell", ("cyllell", "gyllell", "nghyllell", "chyllell")),
        ("afal", ("afal", "hafal")),  # vowel: only h-prothesis (ei hafal)
    ],
)
def test_mutations(radical: str, forms: tuple[str, ...]) -> None:
    assert mutations(radical) == forms


@pytest.mark.parametrize(
    "radical",
    ["marw", "lladd", "tabledi", "bywyd", "gorddos", "rhoi", "cyllell", "pont", "deffro",
     "brifo", "gardd", "mam", "tad", "afal", "hunan", "caerdydd", "bangor", "torri"],
)  # fmt: skip
def test_every_mutation_maps_back_to_its_radical(radical: str) -> None:
    for form in mutations(radical):
        assert radical in radical_candidates(form), form


def test_case_and_accents_are_folded() -> None:
    assert "caerdydd" in radical_candidates("Nghaerdydd")
    assert mutations("Trên") == ("tren", "dren", "nhren", "thren")


@pytest.mark.parametrize(
    ("surface", "lemma"),
    [
        ("Nghaerdydd", "caerdydd"),
        ("Mangor", "bangor"),
        ("gymorth", "cymorth"),
        ("nghymorth", "cymorth"),
        ("chymorth", "cymorth"),
        ("gwrs", "cwrs"),
        ("ladd", "lladd"),
        ("farw", "marw"),
        ("ddim", "dim"),
    ],
)
def test_mutated_forms_share_the_lemma_of_their_radical(surface: str, lemma: str) -> None:
    assert welsh_lemma(surface) == lemma


def test_english_words_keep_their_own_form() -> None:
    assert welsh_lemma("Support") == "support"
