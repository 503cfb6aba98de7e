"""Tests for bot.directory.areas: finding a Welsh place in real Welsh and English messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import simplemma
import yaml

from bot.directory.areas import (
    AREAS_FILE,
    Area,
    AreaIndex,
    area_by_slug,
    areas,
    load_index,
    neighbours,
    resolve_place,
)
from bot.welsh import fold, mutations, radical_candidates

DATA = yaml.safe_load(AREAS_FILE.read_text(encoding="utf-8"))
AUTHORITIES = DATA["local_authorities"]


def _slug(text: str) -> str | None:
    match = resolve_place(text)
    return None if match is None else match.area.slug


# --- the gazetteer itself ---------------------------------------------------------------


def test_there_are_22_local_authorities_and_7_health_boards() -> None:
    kinds = [area.kind for area in areas()]
    assert kinds.count("local_authority") == 22
    assert kinds.count("health_board") == 7
    assert len({area.slug for area in areas()}) == 29


@pytest.mark.parametrize(
    ("slug", "board"),
    [
        ("anglesey", "betsi-cadwaladr"),
        ("wrexham", "betsi-cadwaladr"),
        ("powys", "powys-teaching"),
        ("ceredigion", "hywel-dda"),
        ("carmarthenshire", "hywel-dda"),
        ("neath-port-talbot", "swansea-bay"),
        ("bridgend", "cwm-taf-morgannwg"),  # moved from Swansea Bay's predecessor in 2019
        ("merthyr-tydfil", "cwm-taf-morgannwg"),
        ("vale-of-glamorgan", "cardiff-and-vale"),
        ("caerphilly", "aneurin-bevan"),
        ("newport", "aneurin-bevan"),
    ],
)
def test_health_board_of_local_authority(slug: str, board: str) -> None:
    area = area_by_slug(slug)
    assert area is not None and area.health_board == board
    health_board = area_by_slug(board)
    assert health_board is not None and health_board.kind == "health_board"
    assert health_board.health_board is None


def test_area_by_slug_unknown() -> None:
    assert area_by_slug("gloucestershire") is None


def test_neighbours_are_real_and_symmetric() -> None:
    assert neighbours("anglesey") == ["gwynedd"]
    assert set(neighbours("cardiff")) == {
        "vale-of-glamorgan",
        "rhondda-cynon-taf",
        "caerphilly",
        "newport",
    }
    assert "torfaen" not in neighbours("powys")
    assert neighbours("hywel-dda") == []
    assert neighbours("nowhere") == []
    for area in areas():
        if area.kind == "local_authority":
            assert neighbours(area.slug), area.slug
            for other in neighbours(area.slug):
                assert area.slug in neighbours(other), (area.slug, other)


def test_neighbours_returns_a_copy() -> None:
    neighbours("cardiff").append("mars")
    assert "mars" not in neighbours("cardiff")


@pytest.mark.parametrize("record", AUTHORITIES, ids=lambda r: str(r["slug"]))
def test_each_area_lists_5_to_12_towns(record: dict[str, Any]) -> None:
    towns = record["towns"]
    assert isinstance(towns, list) and 5 <= len(towns) <= 12


# --- every area by its English, Welsh and mutated Welsh names --------------------------

# (slug, English, Welsh, Welsh after a preposition -- with the mutation where one applies)
EVERY_AREA = [
    ("anglesey", "Isle of Anglesey", "Ynys Môn", "o Fôn"),
    ("gwynedd", "Gwynedd", "Gwynedd", "yng Ngwynedd"),
    ("conwy", "Conwy", "Conwy", "yng Nghonwy"),
    ("denbighshire", "Denbighshire", "Sir Ddinbych", "yn Sir Ddinbych"),
    ("flintshire", "Flintshire", "Sir y Fflint", "o Sir y Fflint"),
    ("wrexham", "Wrexham", "Wrecsam", "o Wrecsam"),
    ("powys", "Powys", "Powys", "ym Mhowys"),
    ("ceredigion", "Ceredigion", "Ceredigion", "yng Ngheredigion"),
    ("pembrokeshire", "Pembrokeshire", "Sir Benfro", "yn Sir Benfro"),
    ("carmarthenshire", "Carmarthenshire", "Sir Gaerfyrddin", "yn Sir Gâr"),
    ("swansea", "Swansea", "Abertawe", "yn Abertawe"),
    (
        "neath-port-talbot",
        "Neath Port Talbot",
        "Castell-nedd Port Talbot",
        "yng Nghastell-nedd Port Talbot",
    ),
    ("bridgend", "Bridgend", "Pen-y-bont ar Ogwr", "ym Mhen-y-bont ar Ogwr"),
    ("vale-of-glamorgan", "Vale of Glamorgan", "Bro Morgannwg", "ym Mro Morgannwg"),
    ("cardiff", "Cardiff", "Caerdydd", "yng Nghaerdydd"),
    ("rhondda-cynon-taf", "Rhondda Cynon Taf", "Rhondda Cynon Taf", "i Rondda Cynon Taf"),
    ("merthyr-tydfil", "Merthyr Tydfil", "Merthyr Tudful", "i Ferthyr Tudful"),
    ("caerphilly", "Caerphilly", "Caerffili", "yng Nghaerffili"),
    ("blaenau-gwent", "Blaenau Gwent", "Blaenau Gwent", "ym Mlaenau Gwent"),
    ("torfaen", "Torfaen", "Tor-faen", "yn Nhorfaen"),
    ("monmouthshire", "Monmouthshire", "Sir Fynwy", "yn Sir Fynwy"),
    ("newport", "Newport", "Casnewydd", "yng Nghasnewydd"),
]


def test_every_area_is_in_the_table() -> None:
    assert {row[0] for row in EVERY_AREA} == {r["slug"] for r in AUTHORITIES}


@pytest.mark.parametrize(("slug", "english", "welsh", "mutated"), EVERY_AREA)
def test_every_area_by_english_welsh_and_mutated_name(
    slug: str, english: str, welsh: str, mutated: str
) -> None:
    for text in (
        f"Are there any peer support groups in {english}?",
        f"Oes grwpiau cymorth yn {welsh}?",
        f"Dw i'n byw {mutated} ers blwyddyn",
    ):
        match = resolve_place(text)
        assert match is not None, text
        assert match.area.slug == slug, text
        assert match.via == "area", text
        assert text[match.start : match.end] == match.matched


@pytest.mark.parametrize("area", areas(), ids=lambda a: a.slug)
def test_every_official_name_resolves_to_itself(area: Area) -> None:
    for name in (area.name_en, area.name_cy):
        match = resolve_place(name)
        assert match is not None and match.area == area, name
        assert (match.start, match.end) == (0, len(name))


# --- the Welsh mutations people actually write ------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug", "matched"),
    [
        ("Dw i'n byw yng Nghaerdydd", "cardiff", "Nghaerdydd"),
        ("Oes grŵp ym Mangor?", "gwynedd", "Mangor"),
        ("cwrs yn Abertawe wythnos nesa", "swansea", "Abertawe"),
        ("Dw i'n dod o Wrecsam", "wrexham", "Wrecsam"),
        ("Dw i'n symud i Gaerfyrddin", "carmarthenshire", "Gaerfyrddin"),
        ("sesiwn lles ym Mhontypridd", "rhondda-cynon-taf", "Mhontypridd"),
        ("Unrhyw beth yng Nghasnewydd?", "newport", "Nghasnewydd"),
        ("grŵp cymheiriaid ym Merthyr", "merthyr-tydfil", "Merthyr"),
        ("Dw i'n byw yn y Barri", "vale-of-glamorgan", "y Barri"),
        ("Sut dw i'n cyrraedd i'r Barri?", "vale-of-glamorgan", "Barri"),
        ("Mae hi'n byw yn Sir Gâr", "carmarthenshire", "Sir Gâr"),
        ("yn sir gar", "carmarthenshire", "sir gar"),
        ("Oes coleg adfer ym Mhowys?", "powys", "Mhowys"),
        ("Dw i'n byw ar Ynys Môn", "anglesey", "Ynys Môn"),
        ("Mae'r grŵp yng Ngwynedd", "gwynedd", "Ngwynedd"),
        ("Oes rhywbeth yng Ngheredigion?", "ceredigion", "Ngheredigion"),
        ("Dw i'n dod o Gaernarfon", "gwynedd", "Gaernarfon"),
        ("Dw i'n mynd i Fangor yfory", "gwynedd", "Fangor"),
        ("Mae'n byw ym Môn", "anglesey", "Môn"),
        ("yn Ninbych", "denbighshire", "Ninbych"),
        ("i Ddinbych-y-pysgod", "pembrokeshire", "Ddinbych-y-pysgod"),
        ("o'r Wyddgrug", "flintshire", "Wyddgrug"),
        ("yn y Fenni", "monmouthshire", "y Fenni"),
        ("i Lanelli", "carmarthenshire", "Lanelli"),
        ("ym Mhen-y-bont", "bridgend", "Mhen-y-bont"),
        ("yn Nhredegar", "blaenau-gwent", "Nhredegar"),
        ("yn y Drenewydd", "powys", "y Drenewydd"),
        ("i'r Trallwng", "powys", "Trallwng"),
        ("yng Nghaergybi", "anglesey", "Nghaergybi"),
        ("yn Llanbedr Pont Steffan", "ceredigion", "Llanbedr Pont Steffan"),
        ("ym Mae Colwyn", "conwy", "Mae Colwyn"),
    ],
)
def test_welsh_mutations(text: str, slug: str, matched: str) -> None:
    match = resolve_place(text)
    assert match is not None, text
    assert (match.area.slug, match.matched) == (slug, matched)
    assert text[match.start : match.end] == matched


def test_mutated_forms_come_from_bot_welsh() -> None:
    # The resolver indexes mutations(); the inverse direction agrees on real examples.
    assert "nghaerdydd" in mutations("Caerdydd")
    assert "caerdydd" in radical_candidates("Nghaerdydd")
    for radical in ("Caerdydd", "Bangor", "Powys", "Caerffili", "Gwynedd", "Pontypridd"):
        for form in mutations(radical):
            assert resolve_place(f"yn {form}") is not None, form


def test_accents_are_optional() -> None:
    assert _slug("Ynys Mon") == _slug("Ynys Môn") == "anglesey"
    assert _slug("Aberdar") == _slug("Aberdâr") == "rhondda-cynon-taf"
    assert _slug("Pont-y-pwl") == _slug("Pont-y-pŵl") == "torfaen"
    assert _slug("Cwmbran") == _slug("Cwmbrân") == "torfaen"


# --- English phrasing, multi-word names, hyphens and spaces -----------------------------


@pytest.mark.parametrize(
    ("text", "slug", "via", "matched"),
    [
        ("Any groups in Cardiff?", "cardiff", "area", "Cardiff"),
        ("something near Wrexham please", "wrexham", "area", "Wrexham"),
        ("around swansea", "swansea", "area", "swansea"),
        ("I live in BARRY", "vale-of-glamorgan", "town", "BARRY"),
        ("courses in Port Talbot", "neath-port-talbot", "town", "Port Talbot"),
        ("I'm in Neath Port Talbot", "neath-port-talbot", "area", "Neath Port Talbot"),
        ("Castell Nedd Port Talbot", "neath-port-talbot", "area", "Castell Nedd Port Talbot"),
        ("in the Vale of Glamorgan", "vale-of-glamorgan", "area", "Vale of Glamorgan"),
        ("Rhondda Cynon Taff", "rhondda-cynon-taf", "area", "Rhondda Cynon Taff"),
        ("groups in the Rhondda", "rhondda-cynon-taf", "area", "Rhondda"),
        ("Merthyr Tydfil", "merthyr-tydfil", "area", "Merthyr Tydfil"),
        ("Pen y bont ar Ogwr", "bridgend", "area", "Pen y bont ar Ogwr"),
        ("Penybont", "bridgend", "area", "Penybont"),
        ("Blaenau Ffestiniog", "gwynedd", "town", "Blaenau Ffestiniog"),
        ("ebbw vale", "blaenau-gwent", "town", "ebbw vale"),
        ("Connahs Quay", "flintshire", "town", "Connahs Quay"),
        ("St David’s", "pembrokeshire", "town", "St David’s"),
        ("Llandrindod Wells", "powys", "town", "Llandrindod Wells"),
        ("Hay-on-Wye", "powys", "town", "Hay-on-Wye"),
        ("Dinas Powys", "vale-of-glamorgan", "town", "Dinas Powys"),
        ("Conwy", "conwy", "area", "Conwy"),  # town and county: the county wins
        ("Mold", "flintshire", "town", "Mold"),
        ("Deeside", "flintshire", "town", "Deeside"),
        ("Glannau Dyfrdwy", "flintshire", "town", "Glannau Dyfrdwy"),
        ("Cardiff's recovery college", "cardiff", "area", "Cardiff"),
    ],
)
def test_english_and_multiword(text: str, slug: str, via: str, matched: str) -> None:
    match = resolve_place(text)
    assert match is not None, text
    assert (match.area.slug, match.via, match.matched) == (slug, via, matched)
    assert text[match.start : match.end] == matched


def test_longest_name_wins() -> None:
    match = resolve_place("Neath Port Talbot")
    assert match is not None and match.via == "area" and match.matched == "Neath Port Talbot"
    board = resolve_place("Bae Abertawe")
    assert board is not None and board.area.slug == "swansea-bay"
    board = resolve_place("Swansea Bay")
    assert board is not None and board.area.slug == "swansea-bay"
    county = resolve_place("Sir Gaerfyrddin")
    assert county is not None and county.via == "area"  # not the town "Gaerfyrddin" inside
    tenby = resolve_place("Dinbych-y-pysgod")
    assert tenby is not None and tenby.area.slug == "pembrokeshire"  # not Dinbych (Denbigh)


# --- postcodes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug", "matched"),
    [
        ("CF10", "cardiff", "CF10"),
        ("my postcode is cf10 1ab", "cardiff", "cf10 1ab"),
        ("SA31", "carmarthenshire", "SA31"),
        ("LL57 2DG", "gwynedd", "LL57 2DG"),
        ("ll572dg", "gwynedd", "ll572dg"),
        ("sa11ab", "swansea", "sa11ab"),  # SA1 1AB without the space
        ("CF62 please", "vale-of-glamorgan", "CF62"),
        ("Fy nghod post yw NP20 4XX", "newport", "NP20 4XX"),
        ("LL33", "conwy", "LL33"),  # Llanfairfechan is Conwy, not Gwynedd
        ("SY23 3DD", "ceredigion", "SY23 3DD"),
        ("LD1", "powys", "LD1"),
        ("CH7", "flintshire", "CH7"),
    ],
)
def test_postcodes(text: str, slug: str, matched: str) -> None:
    match = resolve_place(text)
    assert match is not None, text
    assert (match.area.slug, match.via, match.matched) == (slug, "postcode", matched)
    assert text[match.start : match.end] == matched


def _districts() -> list[tuple[str, str]]:
    return [(str(d), str(r["slug"])) for r in AUTHORITIES for d in r["postcodes"]]


@pytest.mark.parametrize(("district", "slug"), _districts())
def test_every_postcode_district_resolves(district: str, slug: str) -> None:
    for text in (district, district.lower(), f"{district} 1AB", f"{district.lower()}1ab"):
        match = resolve_place(f"postcode {text}")
        assert match is not None and match.area.slug == slug and match.via == "postcode", text
        assert match.matched == text


def test_postcodes_outside_wales_or_unknown_are_ignored() -> None:
    assert resolve_place("SW1A 1AA") is None
    assert resolve_place("CH1 2AB") is None  # Chester
    assert resolve_place("CF99 1SN") is None  # non-geographic (the Senedd)
    assert resolve_place("room CF101") is None


# --- health boards -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug", "matched"),
    [
        ("Betsi Cadwaladr", "betsi-cadwaladr", "Betsi Cadwaladr"),
        ("services from Hywel Dda", "hywel-dda", "Hywel Dda"),
        (
            "Cwm Taf Morgannwg University Health Board",
            "cwm-taf-morgannwg",
            "Cwm Taf Morgannwg University Health Board",
        ),
        ("cwm taf", "cwm-taf-morgannwg", "cwm taf"),
        ("Aneurin Bevan", "aneurin-bevan", "Aneurin Bevan"),
        ("Cardiff and Vale", "cardiff-and-vale", "Cardiff and Vale"),
        ("Cardiff & Vale UHB", "cardiff-and-vale", "Cardiff & Vale"),
        ("Swansea Bay", "swansea-bay", "Swansea Bay"),
        (
            "Bwrdd Iechyd Prifysgol Bae Abertawe",
            "swansea-bay",
            "Bwrdd Iechyd Prifysgol Bae Abertawe",
        ),
        ("Powys Teaching Health Board", "powys-teaching", "Powys Teaching Health Board"),
        ("Bwrdd Iechyd Addysgu Powys", "powys-teaching", "Bwrdd Iechyd Addysgu Powys"),
        ("Caerdydd a’r Fro", "cardiff-and-vale", "Caerdydd a’r Fro"),
        ("anywhere in Gwent", "aneurin-bevan", "Gwent"),
        ("yng Ngwent", "aneurin-bevan", "Ngwent"),
    ],
)
def test_health_boards(text: str, slug: str, matched: str) -> None:
    match = resolve_place(text)
    assert match is not None, text
    assert (match.area.slug, match.via, match.matched) == (slug, "health_board", matched)
    assert match.area.kind == "health_board"


def test_a_local_authority_beats_a_health_board() -> None:
    match = resolve_place("I'm under Betsi Cadwaladr but live in Wrexham")
    assert match is not None and match.area.slug == "wrexham"


# --- choosing between mentions -------------------------------------------------------


def test_where_the_user_is_beats_where_they_came_from() -> None:
    assert _slug("I'm from Swansea originally, living in Cardiff now") == "cardiff"
    assert _slug("Dw i'n dod o Abertawe ond dw i'n byw yng Nghaerdydd") == "cardiff"


def test_mutated_form_that_is_a_common_word_needs_its_preposition() -> None:
    # "Mae" (is) is also Bae nasalised: only "ym Mae Colwyn" means Colwyn Bay.
    assert _slug("Mae Colwyn yn dod") is None
    assert _slug("Mae'r cwrs ym Mae Colwyn") == "conwy"
    assert _slug("Mae Abertawe'n braf") == "swansea"  # Swansea, not "Bae Abertawe"


def test_first_mention_wins_otherwise() -> None:
    assert _slug("Newport or Cardiff, either is fine") == "newport"


# --- nothing to find ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "are there any sessions next week",
        "I want to talk to someone",
        "mae gen i gwestiwn",
        "Dw i ddim yn teimlo'n dda heddiw",
        "Mae Colwyn yn dod hefyd",  # "Colwyn is coming too", not Bae Colwyn
        "I went to a group once",  # "went" is not a mutated Gwent
        "see you Mon",  # Môn only counts after a Welsh preposition
        "Barrington and Cardiffians",  # place names inside other words
        "work-life balance, abercrombie",
        "",
        "   ",
        "🙂",
        "i o yn ym yng ar am",
    ],
)
def test_no_place(text: str) -> None:
    assert resolve_place(text) is None


def test_generated_forms_are_not_english_words() -> None:
    # A mutated Welsh name that is also an English word ("went" <- Gwent) must not make
    # an English sentence look like it names a place.
    radicals = {fold(n) for r in (*AUTHORITIES, *DATA["health_boards"]) for n in _all_names(r)}
    for record in (*AUTHORITIES, *DATA["health_boards"]):
        for name in _welsh_names(record):
            folded = fold(name)
            if " " in folded or "-" in folded:
                continue
            for form in mutations(folded)[1:]:
                if form not in radicals and simplemma.is_known(form, lang="en"):
                    assert resolve_place(f"I {form} it") is None, form


def _welsh_names(record: dict[str, Any]) -> list[str]:
    towns = record.get("towns") or []
    return [
        record["name_cy"],
        *(record.get("aliases_cy") or []),
        *(town["cy"] for town in towns if town.get("cy")),
    ]


def _all_names(record: dict[str, Any]) -> list[str]:
    towns = record.get("towns") or []
    return [
        record["name_en"],
        *(record.get("aliases_en") or []),
        *(town["en"] for town in towns),
        *_welsh_names(record),
    ]


# --- spans in the original text --------------------------------------------------------


def test_span_survives_emoji_extra_spaces_and_decomposed_accents() -> None:
    text = "🙂🙂  Helo!  Dw i’n byw   yng  Nghaerdydd."
    match = resolve_place(text)
    assert match is not None
    assert text[match.start : match.end] == "Nghaerdydd" == match.matched

    decomposed = "yn Sir Ga\u0302r"  # "â" typed as "a" + combining circumflex
    match = resolve_place(decomposed)
    assert match is not None and match.area.slug == "carmarthenshire"
    assert match.matched == "Sir Ga\u0302r" and match.end == len(decomposed)

    ligature = "ﬁnd me a group in Caerffili"  # "ﬁ" folds to two letters
    match = resolve_place(ligature)
    assert match is not None and match.matched == "Caerffili"
    assert ligature[match.start : match.end] == "Caerffili"


def test_multiword_span_keeps_original_spacing() -> None:
    text = "groups in Merthyr   Tydfil?"
    match = resolve_place(text)
    assert match is not None and match.matched == "Merthyr   Tydfil"
    assert (match.start, match.end) == (10, 26)


# --- loading -------------------------------------------------------------------------------

MINI = """
health_boards:
  - {slug: hb, name_en: Test Board, name_cy: Bwrdd Prawf}
local_authorities:
  - slug: aa
    name_en: Alphaton
    name_cy: Caeralff
    health_board: hb
    neighbours: [bb]
    postcodes: [ZZ1]
    towns: [{en: Little Alph, cy: Pentre Alff}]
  - slug: bb
    name_en: Betaford
    name_cy: Rhydbeta
    health_board: hb
    neighbours: [aa]
    postcodes: []
    towns: []
"""


def test_another_file_can_be_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "areas.yml"
    path.write_text(MINI, encoding="utf-8")
    index = load_index(path)
    match = index.resolve_place("yng Nghaeralff")
    assert match is not None and match.area.slug == "aa"
    assert index.neighbours("bb") == ["aa"]
    assert index.postcode_districts() == {"ZZ1": "aa"}

    monkeypatch.setenv("CYMAR_AREAS_FILE", str(path))
    assert [a.slug for a in areas()] == ["aa", "bb", "hb"]
    assert _slug("i Bentre Alff") == "aa"
    monkeypatch.delenv("CYMAR_AREAS_FILE")
    assert len(areas()) == 29


def test_a_name_given_to_two_areas_is_rejected() -> None:
    data = yaml.safe_load(MINI)
    data["local_authorities"][1]["towns"] = [{"en": "Alphaton"}]
    with pytest.raises(ValueError, match="alphaton"):
        AreaIndex(data)


def test_an_unknown_neighbour_is_rejected() -> None:
    data = yaml.safe_load(MINI)
    data["local_authorities"][1]["neighbours"] = ["atlantis"]
    with pytest.raises(ValueError, match="atlantis"):
        AreaIndex(data)
