"""Where in Wales is the user? Resolve a place mentioned in free text, in Welsh or English.

The gazetteer (local authorities, health boards, towns, postcode districts, neighbours)
lives in ``data/directory/areas.yml`` so staff can edit it; this module only knows how to
*find* those names in a message:

* Text is folded with :func:`bot.welsh.fold` (case, accents, apostrophes), one character
  at a time so every match can be mapped back to a span in the original text.
* Names are looked up in a token index keyed by the name with its separators removed
  ("pen-y-bont ar ogwr" -> ``penybontarogwr``), so hyphens and spaces are optional and
  word boundaries come for free (no place is ever found inside another word).
* Welsh names are indexed in every mutated form (:func:`bot.welsh.mutations`):
  "yng Nghaerdydd", "i Fangor", "ym Mhen-y-bont". English names are not mutated: that
  would invent English words (Barry -> "marry").
* Postcodes ("CF10", "ll57 2dg", "sa311ab") are matched by one regex and looked up by
  district.

Nothing is read at import; the file is loaded on first use and cached.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from bot.welsh import fold, mutations
from bot.yaml_files import read_yaml

__all__ = [
    "AREAS_FILE",
    "Area",
    "AreaIndex",
    "PlaceMatch",
    "area_by_slug",
    "areas",
    "load_index",
    "neighbours",
    "resolve_place",
]

AREAS_FILE = Path(__file__).resolve().parents[2] / "data" / "directory" / "areas.yml"
# Lets a deployment (or a test) point at another gazetteer without code changes.
AREAS_FILE_ENV = "CYMAR_AREAS_FILE"

AreaKind = Literal["local_authority", "health_board"]
Via = Literal["area", "town", "postcode", "health_board"]


@dataclass(frozen=True)
class Area:
    slug: str
    name_en: str
    name_cy: str
    kind: AreaKind
    health_board: str | None  # the health board's slug, for a local authority


@dataclass(frozen=True)
class PlaceMatch:
    area: Area
    matched: str  # the text as the user typed it, i.e. ``text[start:end]``
    via: Via
    start: int
    end: int


# Generated (mutated or article-less) forms that are ordinary words must not become place
# names: "Mae Colwyn..." is "Colwyn is...", not "Bae Colwyn"; "i Went" would otherwise
# make the English "went" mean Gwent. Hand-written names are trusted as they are.
_STOPWORD_TEXT = """
    a ac ar am at y yr r yn ym yng i o mae mai ma bod fod dim ddim fi ti fe fo hi ni chi
    nhw fy dy ei ein eich eu gan gen gyda efo mewn wrth dan tan heb hyd trwy drwy rhwng ger
    fel da dda iawn ond na nid nad os pan lle sut pwy beth be ble pam oes does wedi mynd
    fynd dod ddod
    the an and or of in on to for is it me my we be by do go he if no so up us all any are
    can not now one see two was way who why yes you new old went marry fold lan
    waun pil mon fon wyr porth borth bont fro fali gelli cwm ower
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Only straight after one of these does an ``after_preposition_cy`` name count. Tokens
# are split on apostrophes, so "i'r" / "o'r" end in the token "r".
_WELSH_PREPOSITIONS = frozenset({"yn", "ym", "yng", "i", "o", "ar", "am", "r", "ger", "drwy"})
_NASAL_PREPOSITIONS = frozenset({"yn", "ym", "yng"})
# A name right after one of these is where the user *is* ("from Swansea, living in
# Cardiff" -> Cardiff), so it outranks one that is merely mentioned.
_LOCATIVE = frozenset({"in", "near", "nr", "around", "round", "at", "yn", "ym", "yng", "ger"})

_TOKEN = re.compile(r"[a-z0-9]+")
# What may separate the words of one name: spaces, hyphens, apostrophes, "St. David's",
# "Cardiff & Vale". Anything else (a comma, a full stop followed by nothing) ends it.
_JOINER = re.compile(r"[\s'.&-]+")
_POSTCODE = re.compile(r"(?<![a-z0-9])([a-z]{1,2})([0-9]{1,2})(?:\s*([0-9][a-z]{2}))?(?![a-z0-9])")

# Higher wins when two different places are mentioned.
_VIA_RANK: Mapping[Via, int] = {"postcode": 3, "town": 2, "area": 1, "health_board": 0}


def _compact(name: str) -> str:
    """The lookup key of a (folded) name: letters and digits only."""
    return "".join(_TOKEN.findall(name))


def _article_split(folded: str) -> tuple[str, str] | None:
    for article in ("y ", "yr "):
        if folded.startswith(article):
            return article, folded[len(article) :]
    return None


def _welsh_forms(name: str) -> list[str]:
    """Radical then every mutated form of a Welsh name (only its first word mutates)."""
    folded = fold(name)
    if _article_split(folded):
        # The article shields the name from mutation ("yn y Barri", never "ym Marri").
        return [folded]
    first = _TOKEN.match(folded)
    if first is None:
        return [folded]
    rest = folded[first.end() :]
    return [form + rest for form in mutations(first.group())]


@dataclass(frozen=True)
class _Entry:
    area: Area
    via: Via


@dataclass(frozen=True)
class _Candidate:
    entry: _Entry
    start: int  # in the folded text
    end: int
    locative: bool


class AreaIndex:
    """The gazetteer plus the indexes used to find its names in text."""

    def __init__(self, data: Mapping[str, object]) -> None:
        self._areas: dict[str, Area] = {}
        self._neighbours: dict[str, list[str]] = {}
        self._postcodes: dict[str, Area] = {}
        # compact name -> entry. ``_contextual`` names need a Welsh preposition before
        # them, ``_after_nasal`` ones (mutated forms that are common words) yn/ym/yng.
        self._names: dict[str, _Entry] = {}
        self._contextual: dict[str, _Entry] = {}
        self._after_nasal: dict[str, _Entry] = {}
        generated: dict[str, _Entry | None] = {}

        boards = _records(data, "health_boards")
        authorities = _records(data, "local_authorities")
        for record in boards:
            board = Area(
                slug=_text(record, "slug"),
                name_en=_text(record, "name_en"),
                name_cy=_text(record, "name_cy"),
                kind="health_board",
                health_board=None,
            )
            self._add_area(board)
        for record in authorities:
            authority = Area(
                slug=_text(record, "slug"),
                name_en=_text(record, "name_en"),
                name_cy=_text(record, "name_cy"),
                kind="local_authority",
                health_board=_text(record, "health_board"),
            )
            if authority.health_board not in self._areas:
                raise ValueError(f"{authority.slug}: unknown health board {authority.health_board}")
            self._add_area(authority)
            self._neighbours[authority.slug] = _texts(record, "neighbours")
            for district in _texts(record, "postcodes"):
                key = _compact(fold(district))
                if key in self._postcodes:
                    raise ValueError(f"postcode district {district} is listed twice")
                self._postcodes[key] = authority

        # Hand-written names first, so a generated form can never displace one.
        for record in (*boards, *authorities):
            area = self._areas[_text(record, "slug")]
            via: Via = "health_board" if area.kind == "health_board" else "area"
            english = [area.name_en, *_texts(record, "aliases_en")]
            welsh = [area.name_cy, *_texts(record, "aliases_cy")]
            self._index(english, welsh, _Entry(area, via), generated)
            for word in _texts(record, "after_preposition_cy"):
                for form in _welsh_forms(word):
                    self._contextual[_compact(form)] = _Entry(area, via)
        for record in authorities:
            area = self._areas[_text(record, "slug")]
            for town in _records(record, "towns"):
                english = [_text(town, "en")]
                welsh = [_text(town, "cy")] if town.get("cy") else []
                self._index(english, welsh, _Entry(area, "town"), generated)

        for key, entry in generated.items():
            # ``None`` marks a generated form two different areas produced: drop it.
            if entry is not None and key not in self._names:
                self._names[key] = entry
        self._longest = max(
            len(key) for key in (*self._names, *self._contextual, *self._after_nasal)
        )
        for slug, others in self._neighbours.items():
            for other in others:
                if self._areas.get(other) is None or other not in self._neighbours:
                    raise ValueError(f"{slug}: unknown neighbour {other}")

    def _add_area(self, area: Area) -> None:
        if area.slug in self._areas:
            raise ValueError(f"area slug {area.slug} is used twice")
        self._areas[area.slug] = area

    def _index(
        self,
        english: Iterable[str],
        welsh: Iterable[str],
        entry: _Entry,
        generated: dict[str, _Entry | None],
    ) -> None:
        radicals = [fold(name) for name in (*english, *welsh)]
        for name in radicals:
            key = _compact(name)
            existing = self._names.get(key)
            if existing is not None and existing.area != entry.area:
                raise ValueError(f"{name!r} names both {existing.area.slug} and {entry.area.slug}")
            # The first registration wins, so "Conwy" stays via="area", never "town".
            self._names.setdefault(key, entry)
        extra: list[str] = []
        for name in radicals:
            split = _article_split(name)
            if split:
                extra.append(split[1])  # "i'r Barri" leaves only "barri" after the "r"
        for name in welsh:
            extra.extend(_welsh_forms(name)[1:])
        for form in extra:
            first = _TOKEN.match(form)
            key = _compact(form)
            if first is None or len(key) < 3:
                continue
            if first.group() in _STOPWORDS:
                # "ym Mae Colwyn" is real Welsh, but "Mae Colwyn..." is "Colwyn is...":
                # such a form only counts straight after yn/ym/yng (never after "i",
                # which is also English "I": "I went" is not "i Went", to Gwent).
                self._after_nasal.setdefault(key, entry)
                continue
            if key in self._names:
                continue
            previous = generated.get(key, entry)
            generated[key] = entry if previous == entry else None

    # --- public API -------------------------------------------------------------------

    def areas(self) -> list[Area]:
        """Local authorities first, then health boards, each in file order."""
        authorities = [a for a in self._areas.values() if a.kind == "local_authority"]
        return authorities + [a for a in self._areas.values() if a.kind == "health_board"]

    def area_by_slug(self, slug: str) -> Area | None:
        return self._areas.get(slug)

    def neighbours(self, slug: str) -> list[str]:
        return list(self._neighbours.get(slug, ()))

    def postcode_districts(self) -> dict[str, str]:
        """District (upper case, as printed on a letter) -> local authority slug."""
        return {district.upper(): area.slug for district, area in self._postcodes.items()}

    def resolve_place(self, text: str) -> PlaceMatch | None:
        """The best place mentioned in ``text``, or ``None``.

        Where names overlap the longest wins ("Neath Port Talbot" over "Port Talbot",
        "Bae Abertawe" over "Abertawe"). Between separate mentions a local authority
        (by name, town or postcode) beats a health board, as it is more precise; then a
        place after "in"/"near"/"yn" beats one after "from"/"o"; then a postcode beats a
        town beats an area name; then the earliest mention wins.
        """
        folded, origin = _fold_with_offsets(text)
        candidates = self._name_candidates(folded) + self._postcode_candidates(folded)
        kept = [
            c
            for c in candidates
            if not any(
                o is not c
                and o.start <= c.start
                and c.end <= o.end
                and o.end - o.start > c.end - c.start
                for o in candidates
            )
        ]
        if not kept:
            return None
        best = max(
            kept,
            key=lambda c: (
                c.entry.area.kind == "local_authority",
                c.locative,
                _VIA_RANK[c.entry.via],
                -c.start,
            ),
        )
        start = origin[best.start]
        end = origin[best.end - 1] + 1
        # A decomposed accent typed after the last letter folds to nothing; keep it in
        # the span so ``matched`` is the whole word the user typed.
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        return PlaceMatch(best.entry.area, text[start:end], best.entry.via, start, end)

    # --- matching -----------------------------------------------------------------------

    def _name_candidates(self, folded: str) -> list[_Candidate]:
        words = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(folded)]
        found: list[_Candidate] = []
        for i, (start, _, _) in enumerate(words):
            previous = words[i - 1][2] if i else ""
            after_preposition = previous in _WELSH_PREPOSITIONS
            compact = ""
            best: _Candidate | None = None
            for j in range(i, len(words)):
                if j > i and not _JOINER.fullmatch(folded[words[j - 1][1] : words[j][0]]):
                    break
                compact += words[j][2]
                if len(compact) > self._longest:
                    break
                entry = self._names.get(compact)
                if entry is None and after_preposition:
                    entry = self._contextual.get(compact)
                if entry is None and previous in _NASAL_PREPOSITIONS:
                    entry = self._after_nasal.get(compact)
                if entry is not None:
                    best = _Candidate(entry, start, words[j][1], previous in _LOCATIVE)
            if best is not None:
                found.append(best)
        return found

    def _postcode_candidates(self, folded: str) -> list[_Candidate]:
        found: list[_Candidate] = []
        for match in _POSTCODE.finditer(folded):
            area = self._postcodes.get(match.group(1) + match.group(2))
            if area is not None:
                before = _TOKEN.findall(folded[: match.start()])
                locative = bool(before) and before[-1] in _LOCATIVE
                found.append(
                    _Candidate(_Entry(area, "postcode"), match.start(), match.end(), locative)
                )
        return found


@lru_cache(maxsize=512)
def _fold_char(char: str) -> str:
    # fold() strips surrounding whitespace, which would make a lone space vanish.
    return " " if char.isspace() else fold(char)


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold`` applied per character, plus each folded character's index in ``text``.

    Folding can change length (NFKD, ``ﬁ`` -> ``fi``, combining accents dropped), so
    spans found in the folded text are mapped back through this table.
    """
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


def _records(data: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError(f"{key!r} must be a list of mappings")
    return value


def _text(record: Mapping[str, object], key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key!r} missing or not text in {dict(record)!r}")
    return value


def _texts(record: Mapping[str, object], key: str) -> list[str]:
    value = record.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{key!r} must be a list of text in {dict(record)!r}")
    return list(value)


@lru_cache(maxsize=4)
def _load(path: Path) -> AreaIndex:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return AreaIndex(data)


def load_index(path: str | Path | None = None) -> AreaIndex:
    """The gazetteer at ``path``, else ``$CYMAR_AREAS_FILE``, else :data:`AREAS_FILE`."""
    chosen = path or os.environ.get(AREAS_FILE_ENV) or AREAS_FILE
    return _load(Path(chosen))


def areas() -> list[Area]:
    return load_index().areas()


def area_by_slug(slug: str) -> Area | None:
    return load_index().area_by_slug(slug)


def neighbours(slug: str) -> list[str]:
    return load_index().neighbours(slug)


def resolve_place(text: str) -> PlaceMatch | None:
    return load_index().resolve_place(text)
