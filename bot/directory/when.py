"""Bilingual (Cymraeg / English) time expressions -> a concrete window of local time.

"oes grwpiau yng Nghaerdydd dros y penwythnos?" and "any sessions in Wrexham next week?"
both have to become a ``[start, end)`` range that the session directory can filter on.
Pure standard library (plus :func:`bot.welsh.fold`), no I/O, safe to import anywhere.

Design notes
------------
* Matching happens on folded text (lower-case, accents and apostrophe variants removed),
  so "dydd Sadwrn", "Dydd sadwrn" and "dydd Sâdwrn" behave the same. A map from folded to
  original character positions gives the caller the span in the *original* text.
* Every expression is first turned into a **label** (``"next_week"``, ``"weekday:friday"``,
  ``"date:2026-12-03"`` ...) and the window is then computed from the label alone by
  :func:`window_for_label`. Parsing and the Rasa slot round trip therefore share one code
  path and cannot disagree.
* All boundaries are built as local wall-clock times on calendar *dates* (``date`` +
  ``time`` in Europe/London), never by adding 24-hour ``timedelta``\\ s to aware datetimes:
  across the March/October clock changes a day is 23 or 25 hours long and "Saturday
  00:00 to Monday 00:00" must stay exactly that.
* Windows never start before ``now``: sessions that already happened are useless, so a
  window that has begun is clipped to start at ``now`` (and a part of the day that is
  already over becomes an empty window ``end .. end``).

Labels (the stable keys stored in a Rasa slot)
----------------------------------------------
``today``, ``tomorrow``, ``this_week``, ``next_week``, ``weekend``, ``next_weekend``,
``any`` (30 days), ``upcoming`` / ``upcoming:<days>`` (:func:`default_window`),
``morning`` / ``afternoon`` / ``evening`` (parts of today),
``weekday:<name>`` (the next such day, today included), ``next_weekday:<name>`` (that day in
*next* week), ``date:YYYY-MM-DD``; the day-based ones also take a part of the day suffix:
``tomorrow:evening``, ``weekday:wednesday:evening``, ``date:2026-12-03:morning``.
A part of the day on no particular day ("evenings", "in the morning", "gyda'r nos") is
``daily:<part>``: the next 14 days, that part of each day. The longer windows take it as a
suffix when both are said ("evenings next week": ``next_week:evening``; also ``this_week``,
``weekend``, ``next_weekend``, ``any``). Such windows carry ``hours``: the search keeps only
sessions that start in those hours, local time.

Which expression wins
---------------------
All expressions in the text are found; where two overlap the one that starts first wins,
and at the same start the longer one ("next weekend" over "next week", "Monday 3rd
December" over "Monday"). Of what is left the **first** one in the text is returned, with
two exceptions: "any time" is only a fallback (in "any time next week" the user means next
week), and past expressions ("last week", "ddoe", "dydd Llun diwethaf") are recognised only
so that their words are not misread as future ones ("last weekend" must not become this
weekend) and are then skipped. If nothing is left, the text names no time: ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.welsh import fold

__all__ = ["LONDON", "TimeWindow", "default_window", "parse_when", "window_for_label"]

LONDON = ZoneInfo("Europe/London")

# "Anything coming up" horizons: the default when no time was asked for, and "any time".
DEFAULT_DAYS = 14
ANY_DAYS = 30


@dataclass(frozen=True)
class TimeWindow:
    start: datetime  # tz-aware, Europe/London
    end: datetime  # exclusive
    label: str  # stable key, see the module docstring
    matched: str  # the text that matched ("" for defaults and rebuilt windows)
    span: tuple[int, int] | None  # character span of ``matched`` in the original text
    # Local start hours to keep on every day of the window ("evenings": 17 to 24), or None.
    hours: tuple[int, int] | None = None


# --- calendar vocabulary -------------------------------------------------------------------

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Welsh day names as they appear after "dydd"/"ddydd" (radical) and after "nos", which is
# feminine and soft-mutates the name: nos Lun, nos Fawrth, nos Fercher, nos Wener.
# The bare names are never matched on their own: "Llun" is also "picture" and "Mawrth" is
# also March, so a Welsh weekday needs "dydd"/"ddydd"/"nos" in front of it.
_CY_WEEKDAYS = {
    "llun": 0,
    "lun": 0,
    "mawrth": 1,
    "fawrth": 1,
    "mercher": 2,
    "fercher": 2,
    "iau": 3,
    "gwener": 4,
    "wener": 4,
    "sadwrn": 5,
    "sul": 6,
}

# Month names. English day-first or month-first ("3rd December", "December 3rd"); Welsh
# day-first only, also soft-mutated after "o" ("3ydd o Ragfyr"). "ym mis Mai" mutates
# "mis", not the month, so the radical forms cover it.
_EN_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_CY_MONTHS = {
    "ionawr": 1,
    "chwefror": 2,
    "mawrth": 3,
    "fawrth": 3,
    "ebrill": 4,
    "mai": 5,
    "fai": 5,
    "mehefin": 6,
    "fehefin": 6,
    "gorffennaf": 7,
    "orffennaf": 7,
    "awst": 8,
    "medi": 9,
    "fedi": 9,
    "hydref": 10,
    "tachwedd": 11,
    "dachwedd": 11,
    "rhagfyr": 12,
    "ragfyr": 12,
}
_MONTHS = {**_EN_MONTHS, **_CY_MONTHS}

# Parts of the day as (start hour, end hour), end exclusive; 24 = the following midnight.
# Generous on purpose: a "morning" session at 07:30 or an "evening" one at 17:30 should
# both be found.
_PARTS = {"morning": (0, 12), "afternoon": (12, 17), "evening": (17, 24)}
_PART_WORDS = {
    "morning": "morning",
    "afternoon": "afternoon",
    "evening": "evening",
    "night": "evening",
    "bore": "morning",
    "fore": "morning",
    "prynhawn": "afternoon",
    "prynawn": "afternoon",
    "pnawn": "afternoon",
    "p'nawn": "afternoon",
    "nos": "evening",
    "noson": "evening",
}

_PAST = "_past"  # internal marker: a past expression, recognised only to be skipped
_DAILY = "daily"  # a part of the day on no particular day: "evenings", "gyda'r nos"
# Windows of several days that a part of the day narrows ("next week, evenings").
_MULTI_DAY = (_DAILY, "this_week", "next_week", "weekend", "next_weekend", "any")


# --- folding with a position map ------------------------------------------------------------


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` plus, for every folded character, the index of its source character.

    Folding can shrink the text (combining accents vanish, whitespace runs collapse) so
    positions in the folded string are not positions in what the user typed.
    """
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                index.append(i)
            continue
        for piece in fold(ch):
            chars.append(piece)
            index.append(i)
    if chars and chars[-1] == " ":
        chars.pop()
        index.pop()
    return "".join(chars), index


# --- patterns -------------------------------------------------------------------------------

# Word edges that also work next to apostrophes ("bore 'ma", "nesa'"), where \b does not.
_B = r"(?<![a-z0-9])"
_E = r"(?![a-z0-9])"
_MA = r"(?:yma|'ma|ma)"  # "yma" / "'ma": this (wythnos 'ma, bore 'ma)
_NESAF = r"nesa(?:f|')?"  # next: nesaf, nesa, nesa'
_DIWETHAF = r"(?:diwethaf|diwetha|dwetha|dwytha|ddiwethaf)"  # last
_WSNOS = r"(?:wythnos|wsnos|wthnos)"  # week, incl. the spoken north-Wales "wsnos"

_EN_WD = "|".join(WEEKDAYS)
_CY_WD = "|".join(sorted(_CY_WEEKDAYS, key=len, reverse=True))
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Month-first is English only: allowing "Mai 3" would misread "dw i'n meddwl mai 3 ..."
# ("I think that 3 ...").
_EN_MONTH_NAMES = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_ORDINAL = r"(?:st|nd|rd|th|af|il|ydd|edd|ed|fed|eg|ain)"  # 3rd, 3ydd, 1af, 2il, 5ed, 21ain
_YEAR = r"(?:,?\s+(?P<year>20\d\d))?"
# An optional weekday in front of a date ("Monday 3rd December", "dydd Iau, 3 Rhagfyr") so the
# whole phrase is one (more specific) date rather than a weekday followed by a date.
_LEADING_WD = rf"(?:(?:(?:on|this|next)\s+)?(?:{_EN_WD}),?\s+|d?dydd\s+(?:{_CY_WD}),?\s+)?"


def _c(pattern: str) -> re.Pattern[str]:
    # Grouped, so the word edges apply to every top-level alternative.
    return re.compile(f"{_B}(?:{pattern}){_E}")


_Handler = Callable[[re.Match[str], date], str | None]


def _const(label: str) -> _Handler:
    return lambda _m, _today: label


def _with_part(base: str, part_word: str | None) -> str:
    if not part_word:
        return base
    part = _PART_WORDS[part_word]
    # Today's parts have their own short labels ("evening", not "today:evening").
    return part if base == "today" else f"{base}:{part}"


def _tomorrow(m: re.Match[str], _today: date) -> str:
    return _with_part("tomorrow", m.group("part"))


def _today_part(m: re.Match[str], _today: date) -> str:
    return _with_part("today", m.group("part"))


def _en_weekday(m: re.Match[str], _today: date) -> str:
    name = m.group("wd")
    nxt = m.group("pre") == "next" or (m.group("suf") or "").startswith("next")
    return _with_part(f"{'next_weekday' if nxt else 'weekday'}:{name}", m.group("part"))


def _cy_weekday(m: re.Match[str], _today: date) -> str:
    suffix = m.group("suf") or ""
    if re.fullmatch(_DIWETHAF, suffix):
        return _PAST
    name = WEEKDAYS[_CY_WEEKDAYS[m.group("wd")]]
    nxt = bool(re.search(_NESAF + "$", suffix))
    # "nos Fercher" is Wednesday evening; otherwise "bore/prynhawn dydd ..." may give a part.
    part = "nos" if m.group("kind") == "nos" else m.group("part")
    return _with_part(f"{'next_weekday' if nxt else 'weekday'}:{name}", part)


def _daily(m: re.Match[str], _today: date) -> str:
    return f"{_DAILY}:{_PART_WORDS[m.group('part')]}"


def _combine(label: str, part: str) -> str:
    """``label`` narrowed to a part of the day said elsewhere in the message."""
    if label.rpartition(":")[2] in _PARTS:
        return label  # already has its part ("tomorrow evening ... in the evenings")
    if label == "today":
        return part
    return f"{label}:{part}"


def _multi_day_part(label: str) -> tuple[str, str] | None:
    """(several days, part of the day) for ``next_week:evening`` or ``daily:morning``."""
    several_days, _, part_of_day = label.partition(":")
    if several_days in _MULTI_DAY and part_of_day in _PARTS:
        return several_days, part_of_day
    return None


def _resolve_date(day: int, month: int, year: str | None, today: date) -> str | None:
    if year is not None:
        try:
            return f"date:{date(int(year), month, day).isoformat()}"
        except ValueError:
            return None
    # No year: the next such date on or after today. Searching a few years copes with
    # 29 February; an impossible date (31 April) finds nothing and is not a time.
    for candidate_year in range(today.year, today.year + 9):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return f"date:{candidate.isoformat()}"
    return None


def _named_date(m: re.Match[str], today: date) -> str | None:
    return _resolve_date(int(m.group("day")), _MONTHS[m.group("month")], m.group("year"), today)


def _numeric_date(m: re.Match[str], today: date) -> str | None:
    day, month = int(m.group("day")), int(m.group("month"))
    if (day, month) == (24, 7):
        return None  # "24/7 support" is round-the-clock, not 24 July
    year = m.group("year")
    if year is not None and len(year) == 2:
        year = "20" + year
    if not 1 <= month <= 12:
        return None
    return _resolve_date(day, month, year, today)


_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    # Past: recognised so their words are not read as future times, then skipped.
    (
        _c(rf"last\s+(?:night|week(?:-?end)?|{_EN_WD})|yesterday|ddoe|neithiwr|echdoe"),
        _const(_PAST),
    ),
    (_c(rf"(?:y\s+|yr\s+)?(?:{_WSNOS}|[pb]en{_WSNOS})\s+{_DIWETHAF}"), _const(_PAST)),
    # Any time: only used when nothing more specific is in the text.
    (
        _c(
            r"any\s*time|any\s+day|whenever"
            r"|unrhyw\s+(?:bryd|amser|adeg|ddiwrnod)|dim\s+ots\s+pryd|pryd\s+bynnag|rhywbryd"
        ),
        _const("any"),
    ),
    # A part of the day on no particular day: "evenings", "in the morning", "any afternoon",
    # "gyda'r nos", "yn y bore". Never a bare singular ("good morning", "bore da" are
    # greetings) and never "night" ("I can't sleep at night" is not a time to meet).
    (
        _c(
            r"(?:(?:in|during)\s+the\s+|of\s+an?\s+|any\s+|most\s+)"
            r"(?P<part>morning|afternoon|evening)s?"
        ),
        _daily,
    ),
    (_c(r"(?P<part>morning|afternoon|evening)s"), _daily),
    (
        _c(r"(?:(?:gyda|efo)'?r|[fm]in)\s+(?P<part>nos)"),
        _daily,
    ),
    (_c(r"(?P<part>nos)weithiau"), _daily),
    # "yn y bore" but not "yn y bore fory" / "yn y bore 'ma" (tomorrow's, today's).
    (
        _c(
            r"yn\s+y\s+(?P<part>[bf]ore|prynhawn|p'?nawn)(?:au|iau)?"
            rf"(?!\s+(?:y?fory|{_MA}|heddiw|d?dydd)\b)"
        ),
        _daily,
    ),
    (_c(r"(?P<part>bore|prynhawn)(?:au|iau)"), _daily),
    # Today and its parts.
    (_c(r"today|heddiw"), _const("today")),
    (_c(r"this\s+(?P<part>morning|afternoon|evening)"), _today_part),
    (_c(r"tonight|tonite|heno|(?:y\s+)?noson\s+(?:hon|" + _MA + ")"), _const("evening")),
    (_c(rf"(?P<part>[bf]ore|prynhawn|prynawn|p'?nawn)\s+(?:{_MA}|heddiw)"), _today_part),
    # Tomorrow (and its parts).
    (
        _c(
            r"(?:tomorrow|tmrw|tmw|2moro)"
            r"(?:\s+(?:in\s+the\s+)?(?P<part>morning|afternoon|evening|night))?"
        ),
        _tomorrow,
    ),
    (_c(r"(?:(?P<part>[bf]ore|prynhawn|prynawn|p'?nawn|nos|noson)\s+)?y?fory"), _tomorrow),
    # Weeks.
    (_c(r"this\s+(?:coming\s+)?week"), _const("this_week")),
    (_c(r"next\s+week"), _const("next_week")),
    (_c(rf"(?:yr\s+|y\s+)?{_WSNOS}\s+(?:hon|{_MA})"), _const("this_week")),
    (_c(rf"(?:yr\s+|y\s+)?{_WSNOS}\s+{_NESAF}"), _const("next_week")),
    # Weekends. "next weekend" is the one in next week, like "next Monday".
    (
        _c(r"(?:(?:at|over|on|during|for)\s+the\s+|this\s+(?:coming\s+)?|the\s+)?week-?ends?"),
        _const("weekend"),
    ),
    (_c(r"next\s+week-?ends?"), _const("next_weekend")),
    (
        _c(rf"(?:(?:dros|ar|yn\s+ystod)\s+y\s+|y\s+)?[pb]en{_WSNOS}(?:\s+(?:hwn|hon|{_MA}))?"),
        _const("weekend"),
    ),
    (
        _c(rf"(?:(?:dros|ar|yn\s+ystod)\s+y\s+|y\s+)?[pb]en{_WSNOS}\s+{_NESAF}"),
        _const("next_weekend"),
    ),
    # Weekdays.
    (
        _c(
            rf"(?:(?P<pre>on|this(?:\s+coming)?|coming|next)\s+)?(?P<wd>{_EN_WD})s?"
            r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
            r"(?:\s+(?P<suf>next\s+week|this\s+week))?"
        ),
        _en_weekday,
    ),
    (
        _c(
            r"(?:(?P<part>[bf]ore|prynhawn|prynawn|p'?nawn)\s+)?"
            rf"(?P<kind>d?dydd|nos)\s+(?P<wd>{_CY_WD})"
            rf"(?:\s+(?P<suf>{_NESAF}|{_MA}|hwn|{_DIWETHAF}|(?:yr\s+|y\s+)?{_WSNOS}\s+{_NESAF}))?"
        ),
        _cy_weekday,
    ),
    # Dates: "3rd December", "the 3rd of Dec 2026", "3 Rhagfyr", "3ydd o Ragfyr",
    # "ar y 3ydd ym mis Mai". "may" is not a month when it is the verb ("16 may I join").
    (
        _c(
            rf"{_LEADING_WD}(?:the\s+|y\s+)?(?P<day>\d{{1,2}}){_ORDINAL}?\s+"
            r"(?:(?:of|o|ym|yn)\s+)?(?:(?:mis|fis)\s+)?"
            rf"(?P<month>{_MONTH_NAMES})(?!\s+(?:i|we|you|he|she|they|it|be|not)\b)\.?" + _YEAR
        ),
        _named_date,
    ),
    # "December 3rd", "Dec 3, 2026" (English only, see _EN_MONTH_NAMES).
    (
        _c(
            rf"{_LEADING_WD}(?P<month>{_EN_MONTH_NAMES})\.?\s+(?:the\s+)?(?P<day>\d{{1,2}})"
            r"(?:st|nd|rd|th)?" + _YEAR
        ),
        _named_date,
    ),
    # "3/12", "03/12/2026", "3/12/26": UK order, day first.
    (
        re.compile(
            r"(?<![\d/.])(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?(?![\d/])"
        ),
        _numeric_date,
    ),
)


# --- building windows from labels ---------------------------------------------------------


def _as_local(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        # A naive "now" is almost always a bug (datetime.now() on a UTC server); guessing
        # would silently shift every window by an hour for half the year.
        raise ValueError("now must be timezone-aware")
    return now.astimezone(LONDON)


def _at(day: date, hour: int = 0) -> datetime:
    """Local wall-clock time ``hour``:00 on ``day``; hour 24 is the next day's midnight.

    Built from the calendar date, so it is right on 23- and 25-hour days. (Midnight, 12:00
    and 17:00 always exist and are unambiguous in Europe/London: the clocks change at
    01:00/02:00.)
    """
    if hour == 24:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=LONDON)
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def _from_now(start: datetime, end: datetime, now: datetime) -> tuple[datetime, datetime]:
    # Compare on UTC instants: same-tzinfo comparisons use wall time and ignore ``fold``.
    if now.timestamp() > start.timestamp():
        start = now if now.timestamp() < end.timestamp() else end
    return start, end


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _day_window(day: date, part: str | None, now: datetime) -> tuple[datetime, datetime]:
    first, last = _PARTS[part] if part else (0, 24)
    return _from_now(_at(day, first), _at(day, last), now)


def _weekday_date(weekday: int, part: str | None, now: datetime) -> date:
    today = now.date()
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    # Today counts as "Friday" until midnight, but "Friday morning" asked on Friday
    # afternoon means next week's.
    if part and day == today and now.timestamp() >= _at(day, _PARTS[part][1]).timestamp():
        day += timedelta(days=7)
    return day


def _upcoming(now: datetime, days: int) -> tuple[datetime, datetime]:
    # Up to the end of the last day rather than the same clock time: stable for the
    # whole day (a slot rebuilt an hour later gives the same end) and never cuts an
    # evening session on the last day in half.
    return now, _at(now.date() + timedelta(days=days), 24)


def _resolve(label: str, now: datetime) -> tuple[datetime, datetime]:
    today = now.date()
    monday = _monday(today)
    if label == "any":
        return _upcoming(now, ANY_DAYS)
    if label == "upcoming":
        return _upcoming(now, DEFAULT_DAYS)
    if label.startswith("upcoming:") and label[9:].isdigit():
        return _upcoming(now, int(label[9:]))
    if label == "this_week":
        return now, _at(monday + timedelta(days=7))
    if label == "next_week":
        return _at(monday + timedelta(days=7)), _at(monday + timedelta(days=14))
    if label == "weekend":
        return _from_now(_at(monday + timedelta(days=5)), _at(monday + timedelta(days=7)), now)
    if label == "next_weekend":
        return _at(monday + timedelta(days=12)), _at(monday + timedelta(days=14))
    if label in _PARTS:
        return _day_window(today, label, now)
    if (narrowed := _multi_day_part(label)) is not None:
        several_days = narrowed[0]
        return _resolve("upcoming" if several_days == _DAILY else several_days, now)

    base, *rest = label.split(":")
    part: str | None = None
    arg = ""
    if base in ("weekday", "next_weekday", "date"):
        if not rest:
            raise ValueError(f"unknown time label: {label!r}")
        arg, *rest = rest
    if rest:
        if len(rest) != 1 or rest[0] not in _PARTS:
            raise ValueError(f"unknown time label: {label!r}")
        part = rest[0]

    if base == "today":
        return _day_window(today, part, now)
    if base == "tomorrow":
        return _day_window(today + timedelta(days=1), part, now)
    if base in ("weekday", "next_weekday") and arg in WEEKDAYS:
        weekday = WEEKDAYS.index(arg)
        if base == "weekday":
            return _day_window(_weekday_date(weekday, part, now), part, now)
        return _day_window(monday + timedelta(days=7 + weekday), part, now)
    if base == "date":
        try:
            day = date.fromisoformat(arg)
        except ValueError:
            raise ValueError(f"unknown time label: {label!r}") from None
        return _day_window(day, part, now)
    raise ValueError(f"unknown time label: {label!r}")


# --- public API -----------------------------------------------------------------------------


def window_for_label(label: str, now: datetime) -> TimeWindow:
    """Rebuild the window a label stands for, relative to ``now`` (for a Rasa slot value).

    Raises ``ValueError`` for a label this module never produces.
    """
    local_now = _as_local(now)
    start, end = _resolve(label, local_now)
    return TimeWindow(
        start=start, end=end, label=label, matched="", span=None, hours=_hours_of(label)
    )


def _hours_of(label: str) -> tuple[int, int] | None:
    """The part of every day a several-day label keeps (``next_week:evening``), else None."""
    narrowed = _multi_day_part(label)
    return _PARTS[narrowed[1]] if narrowed is not None else None


def default_window(now: datetime, days: int = DEFAULT_DAYS) -> TimeWindow:
    """Anything coming up: from ``now`` to the end of the day ``days`` days from today."""
    if days < 0:
        raise ValueError("days must not be negative")
    label = "upcoming" if days == DEFAULT_DAYS else f"upcoming:{days}"
    return window_for_label(label, now)


@dataclass(frozen=True)
class _Candidate:
    start: int  # in the folded text
    end: int
    label: str


def parse_when(text: str, now: datetime) -> TimeWindow | None:
    """The time window ``text`` asks about, or ``None`` if it names no time.

    See the module docstring for which expression wins when there are several.
    """
    local_now = _as_local(now)
    folded, index = _fold_with_map(text)
    today = local_now.date()

    candidates: list[_Candidate] = []
    for pattern, handler in _RULES:
        for match in pattern.finditer(folded):
            label = handler(match, today)
            if label is not None:
                candidates.append(_Candidate(match.start(), match.end(), label))

    # Earliest first, longest first at the same position; drop anything overlapping a
    # phrase already taken ("week" inside "next weekend", "Monday" inside a full date).
    candidates.sort(key=lambda c: (c.start, c.start - c.end))
    kept: list[_Candidate] = []
    for candidate in candidates:
        if not kept or candidate.start >= kept[-1].end:
            kept.append(candidate)

    # A part of the day on no particular day ("evenings") narrows the time said elsewhere
    # ("next week, in the evenings"); said alone it is the next fortnight's evenings.
    daily = next((c for c in kept if c.label.startswith(f"{_DAILY}:")), None)
    timed = [c for c in kept if c.label != _PAST and c is not daily]
    chosen = next((c for c in timed if c.label != "any"), None)
    if chosen is None:
        chosen = next((c for c in timed if c.label == "any"), None)
    single = chosen or daily
    if single is None:
        return None
    label, begin, finish = single.label, single.start, single.end
    if chosen is not None and daily is not None:
        label = _combine(chosen.label, daily.label.partition(":")[2])
        begin, finish = min(chosen.start, daily.start), max(chosen.end, daily.end)

    start, end = _resolve(label, local_now)
    first, last = index[begin], index[finish - 1] + 1
    return TimeWindow(
        start=start,
        end=end,
        label=label,
        matched=text[first:last],
        span=(first, last),
        hours=_hours_of(label),
    )
