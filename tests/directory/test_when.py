"""Tests for bot.directory.when: real Welsh and English questions, fixed clocks, clock changes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.directory.when import default_window, parse_when, window_for_label

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


# Fixed clocks. 2026: clocks go forward Sun 29 March 01:00 GMT, back Sun 25 October 02:00 BST.
WED_BST = local(2026, 10, 21, 14, 0)  # Wednesday afternoon, summer time
WED_GMT = local(2026, 12, 2, 10, 0)  # Wednesday morning, winter time
SAT_BST = local(2026, 10, 24, 11, 0)  # Saturday of the weekend the clocks go back
SUN_LATE = local(2026, 11, 1, 23, 30)  # Sunday, 30 minutes before the week ends
FRI_LATE = local(2026, 11, 6, 23, 59)  # Friday, one minute to midnight
FRI_PM = local(2026, 11, 6, 15, 0)
THU_MARCH = local(2026, 3, 26, 12, 0)  # Thursday before the clocks go forward
SPRING_DAY = local(2026, 3, 29, 10, 0)  # the Sunday the clocks went forward (BST now)
# 01:30 happens twice on 25 October: first in BST (00:30 UTC), then in GMT (01:30 UTC).
AUTUMN_FIRST_0130 = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
AUTUMN_SECOND_0130 = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)

NOW = "now"  # expected start: the clock itself (the window has already begun)


def iso(now: datetime, value: str) -> str:
    return now.astimezone(LONDON).isoformat() if value == NOW else value


@pytest.mark.parametrize(
    ("text", "now", "label", "start", "end"),
    [
        # --- the questions Cymar is for ---
        (
            "are there any sessions in Wrexham next week?",
            WED_BST,
            "next_week",
            "2026-10-26T00:00:00+00:00",
            "2026-11-02T00:00:00+00:00",
        ),
        (
            "oes grwpiau yng Nghaerdydd dros y penwythnos?",
            WED_BST,
            "weekend",
            "2026-10-24T00:00:00+01:00",
            "2026-10-26T00:00:00+00:00",  # Saturday 00:00 BST .. Monday 00:00 GMT: 49 hours
        ),
        # --- today / tonight / parts of today ---
        ("Is there anything on today?", WED_BST, "today", NOW, "2026-10-22T00:00:00+01:00"),
        ("oes rhywbeth heddiw?", WED_GMT, "today", NOW, "2026-12-03T00:00:00+00:00"),
        (
            "anything tonight?",
            WED_BST,
            "evening",
            "2026-10-21T17:00:00+01:00",
            "2026-10-22T00:00:00+01:00",
        ),
        (
            "any groups this evening in Bangor",
            WED_GMT,
            "evening",
            "2026-12-02T17:00:00+00:00",
            "2026-12-03T00:00:00+00:00",
        ),
        (
            "oes grŵp heno?",
            WED_BST,
            "evening",
            "2026-10-21T17:00:00+01:00",
            "2026-10-22T00:00:00+01:00",
        ),
        (
            "Oes rhywbeth y noson ’ma?",
            WED_BST,
            "evening",
            "2026-10-21T17:00:00+01:00",
            "2026-10-22T00:00:00+01:00",
        ),
        ("oes sesiwn bore 'ma?", WED_GMT, "morning", NOW, "2026-12-02T12:00:00+00:00"),
        ("anything this morning", WED_GMT, "morning", NOW, "2026-12-02T12:00:00+00:00"),
        (
            "oes rhywbeth pnawn ’ma",
            WED_GMT,
            "afternoon",
            "2026-12-02T12:00:00+00:00",
            "2026-12-02T17:00:00+00:00",
        ),
        ("prynhawn yma yn Aberystwyth?", WED_BST, "afternoon", NOW, "2026-10-21T17:00:00+01:00"),
        ("this afternoon", WED_BST, "afternoon", NOW, "2026-10-21T17:00:00+01:00"),
        # A part of the day that is over is an empty window, not tomorrow's morning.
        (
            "bore 'ma",
            WED_BST,
            "morning",
            "2026-10-21T12:00:00+01:00",
            "2026-10-21T12:00:00+01:00",
        ),
        # Late at night "tonight" is what is left of it.
        ("tonight", SUN_LATE, "evening", NOW, "2026-11-02T00:00:00+00:00"),
        # --- tomorrow ---
        (
            "what's on tomorrow",
            WED_BST,
            "tomorrow",
            "2026-10-22T00:00:00+01:00",
            "2026-10-23T00:00:00+01:00",
        ),
        (
            "oes grwpiau yfory?",
            WED_GMT,
            "tomorrow",
            "2026-12-03T00:00:00+00:00",
            "2026-12-04T00:00:00+00:00",
        ),
        (
            "be sy mlaen fory",
            WED_GMT,
            "tomorrow",
            "2026-12-03T00:00:00+00:00",
            "2026-12-04T00:00:00+00:00",
        ),
        # One minute to midnight: tomorrow is the next calendar day, not "in 24 hours".
        (
            "tomorrow",
            FRI_LATE,
            "tomorrow",
            "2026-11-07T00:00:00+00:00",
            "2026-11-08T00:00:00+00:00",
        ),
        (
            "nos fory",
            WED_BST,
            "tomorrow:evening",
            "2026-10-22T17:00:00+01:00",
            "2026-10-23T00:00:00+01:00",
        ),
        (
            "tomorrow morning please",
            WED_GMT,
            "tomorrow:morning",
            "2026-12-03T00:00:00+00:00",
            "2026-12-03T12:00:00+00:00",
        ),
        # Saturday of the autumn change: tomorrow is a 25-hour day.
        (
            "yfory",
            SAT_BST,
            "tomorrow",
            "2026-10-25T00:00:00+01:00",
            "2026-10-26T00:00:00+00:00",
        ),
        # --- this week / next week ---
        ("anything this week?", WED_BST, "this_week", NOW, "2026-10-26T00:00:00+00:00"),
        ("oes rhywbeth yr wythnos hon?", WED_GMT, "this_week", NOW, "2026-12-07T00:00:00+00:00"),
        ("wythnos yma", WED_GMT, "this_week", NOW, "2026-12-07T00:00:00+00:00"),
        ("oes 'na rwbath wsnos 'ma?", WED_GMT, "this_week", NOW, "2026-12-07T00:00:00+00:00"),
        # 23:30 on Sunday: "this week" ends half an hour later.
        ("this week", SUN_LATE, "this_week", NOW, "2026-11-02T00:00:00+00:00"),
        (
            "oes grwpiau wythnos nesaf yn Wrecsam?",
            WED_GMT,
            "next_week",
            "2026-12-07T00:00:00+00:00",
            "2026-12-14T00:00:00+00:00",
        ),
        (
            "wythnos nesa",
            WED_GMT,
            "next_week",
            "2026-12-07T00:00:00+00:00",
            "2026-12-14T00:00:00+00:00",
        ),
        (
            "be sy 'mlaen wsnos nesa'?",
            WED_GMT,
            "next_week",
            "2026-12-07T00:00:00+00:00",
            "2026-12-14T00:00:00+00:00",
        ),
        (
            "Yr Wythnos Nesaf",
            SUN_LATE,
            "next_week",
            "2026-11-02T00:00:00+00:00",
            "2026-11-09T00:00:00+00:00",
        ),
        # Next week across the spring change: Monday 23 (GMT) .. Monday 30 March (BST).
        (
            "next week",
            local(2026, 3, 18, 9, 0),
            "next_week",
            "2026-03-23T00:00:00+00:00",
            "2026-03-30T00:00:00+01:00",
        ),
        # On the day of the spring change the week still ends at local midnight.
        ("this week", SPRING_DAY, "this_week", NOW, "2026-03-30T00:00:00+01:00"),
        # --- weekends ---
        (
            "anything at the weekend?",
            THU_MARCH,
            "weekend",
            "2026-03-28T00:00:00+00:00",
            "2026-03-30T00:00:00+01:00",  # the spring change: 47 hours
        ),
        (
            "this weekend",
            WED_GMT,
            "weekend",
            "2026-12-05T00:00:00+00:00",
            "2026-12-07T00:00:00+00:00",
        ),
        ("penwythnos yma", SAT_BST, "weekend", NOW, "2026-10-26T00:00:00+00:00"),
        ("oes rhywbeth ar y penwythnos?", SPRING_DAY, "weekend", NOW, "2026-03-30T00:00:00+01:00"),
        ("y penwythnos", SUN_LATE, "weekend", NOW, "2026-11-02T00:00:00+00:00"),
        (
            "next weekend",
            WED_GMT,
            "next_weekend",
            "2026-12-12T00:00:00+00:00",
            "2026-12-14T00:00:00+00:00",
        ),
        (
            "penwythnos nesa",
            SAT_BST,
            "next_weekend",
            "2026-10-31T00:00:00+00:00",
            "2026-11-02T00:00:00+00:00",
        ),
        # --- weekdays ---
        (
            "Monday",
            WED_BST,
            "weekday:monday",
            "2026-10-26T00:00:00+00:00",
            "2026-10-27T00:00:00+00:00",
        ),
        (
            "is there a group on tuesday in Swansea",
            WED_GMT,
            "weekday:tuesday",
            "2026-12-08T00:00:00+00:00",
            "2026-12-09T00:00:00+00:00",
        ),
        (
            "this friday",
            WED_GMT,
            "weekday:friday",
            "2026-12-04T00:00:00+00:00",
            "2026-12-05T00:00:00+00:00",
        ),
        # "next Monday" is the Monday of next week, even when asked on a Sunday.
        (
            "next monday",
            SUN_LATE,
            "next_weekday:monday",
            "2026-11-02T00:00:00+00:00",
            "2026-11-03T00:00:00+00:00",
        ),
        (
            "next friday",
            WED_GMT,
            "next_weekday:friday",
            "2026-12-11T00:00:00+00:00",
            "2026-12-12T00:00:00+00:00",
        ),
        # Today counts when it is that weekday.
        ("on friday", FRI_PM, "weekday:friday", NOW, "2026-11-07T00:00:00+00:00"),
        ("dydd Gwener", FRI_LATE, "weekday:friday", NOW, "2026-11-07T00:00:00+00:00"),
        # ... but "Friday morning" asked on Friday afternoon is next week's.
        (
            "friday morning",
            FRI_PM,
            "weekday:friday:morning",
            "2026-11-13T00:00:00+00:00",
            "2026-11-13T12:00:00+00:00",
        ),
        (
            "oes grŵp dydd Llun?",
            WED_GMT,
            "weekday:monday",
            "2026-12-07T00:00:00+00:00",
            "2026-12-08T00:00:00+00:00",
        ),
        (
            "Dw i'n rhydd ddydd Mawrth",
            WED_GMT,
            "weekday:tuesday",
            "2026-12-08T00:00:00+00:00",
            "2026-12-09T00:00:00+00:00",
        ),
        (
            "oes rhywbeth nos Fercher?",
            WED_GMT,
            "weekday:wednesday:evening",
            "2026-12-02T17:00:00+00:00",
            "2026-12-03T00:00:00+00:00",
        ),
        (
            "nos Wener",
            WED_BST,
            "weekday:friday:evening",
            "2026-10-23T17:00:00+01:00",
            "2026-10-24T00:00:00+01:00",
        ),
        (
            "dydd Iau",
            WED_GMT,
            "weekday:thursday",
            "2026-12-03T00:00:00+00:00",
            "2026-12-04T00:00:00+00:00",
        ),
        # Sunday of the autumn change: a 25-hour day.
        (
            "dydd Sul",
            WED_BST,
            "weekday:sunday",
            "2026-10-25T00:00:00+01:00",
            "2026-10-26T00:00:00+00:00",
        ),
        (
            "Dydd Sadwrn yma",
            WED_GMT,
            "weekday:saturday",
            "2026-12-05T00:00:00+00:00",
            "2026-12-06T00:00:00+00:00",
        ),
        (
            "dydd Llun nesaf",
            WED_GMT,
            "next_weekday:monday",
            "2026-12-07T00:00:00+00:00",
            "2026-12-08T00:00:00+00:00",
        ),
        (
            "bore dydd Sadwrn",
            WED_GMT,
            "weekday:saturday:morning",
            "2026-12-05T00:00:00+00:00",
            "2026-12-05T12:00:00+00:00",
        ),
        # --- explicit dates ---
        (
            "anything on 3rd December?",
            WED_BST,
            "date:2026-12-03",
            "2026-12-03T00:00:00+00:00",
            "2026-12-04T00:00:00+00:00",
        ),
        (
            "december 3",
            WED_BST,
            "date:2026-12-03",
            "2026-12-03T00:00:00+00:00",
            "2026-12-04T00:00:00+00:00",
        ),
        (
            "the 3rd of Dec",
            WED_BST,
            "date:2026-12-03",
            "2026-12-03T00:00:00+00:00",
            "2026-12-04T00:00:00+00:00",
        ),
        (
            "is the group on 3/12?",
            WED_BST,
            "date:2026-12-03",
            "2026-12-03T00:00:00+00:00",
            "2026-12-04T00:00:00+00:00",
        ),
        (
            "oes rhywbeth ar 3 Rhagfyr",
            WED_BST,
            "date:2026-12-03",
            "2026-12-03T00:00:00+00:00",
            "2026-12-04T00:00:00+00:00",
        ),
        (
            "ar y 3ydd o Ragfyr",
            WED_BST,
            "date:2026-12-03",
            "2026-12-03T00:00:00+00:00",
            "2026-12-04T00:00:00+00:00",
        ),
        (
            "1af o Fawrth",
            WED_BST,
            "date:2027-03-01",
            "2027-03-01T00:00:00+00:00",
            "2027-03-02T00:00:00+00:00",
        ),
        (
            "y 5ed ym mis Mai",
            WED_BST,
            "date:2027-05-05",
            "2027-05-05T00:00:00+01:00",
            "2027-05-06T00:00:00+01:00",
        ),
        # A date that has passed this year is next year's.
        (
            "3 December",
            local(2026, 12, 4, 9, 0),
            "date:2027-12-03",
            "2027-12-03T00:00:00+00:00",
            "2027-12-04T00:00:00+00:00",
        ),
        # Today's date starts now; 29/2 waits for a leap year.
        ("2 December", WED_GMT, "date:2026-12-02", NOW, "2026-12-03T00:00:00+00:00"),
        (
            "29/2",
            WED_GMT,
            "date:2028-02-29",
            "2028-02-29T00:00:00+00:00",
            "2028-03-01T00:00:00+00:00",
        ),
        (
            "25 Hydref",
            WED_BST,
            "date:2026-10-25",
            "2026-10-25T00:00:00+01:00",
            "2026-10-26T00:00:00+00:00",
        ),
        (
            "Monday 3rd December 2029",
            WED_BST,
            "date:2029-12-03",
            "2029-12-03T00:00:00+00:00",
            "2029-12-04T00:00:00+00:00",
        ),
        # --- any time ---
        ("any time is fine", WED_BST, "any", NOW, "2026-11-21T00:00:00+00:00"),
        ("anytime", WED_GMT, "any", NOW, "2027-01-02T00:00:00+00:00"),
        ("unrhyw bryd", WED_GMT, "any", NOW, "2027-01-02T00:00:00+00:00"),
        ("dim ots pryd", WED_GMT, "any", NOW, "2027-01-02T00:00:00+00:00"),
        # --- the clock-change nights themselves ---
        ("heddiw", AUTUMN_FIRST_0130, "today", NOW, "2026-10-26T00:00:00+00:00"),
        ("today", AUTUMN_SECOND_0130, "today", NOW, "2026-10-26T00:00:00+00:00"),
        (
            "heno",
            AUTUMN_SECOND_0130,
            "evening",
            "2026-10-25T17:00:00+00:00",
            "2026-10-26T00:00:00+00:00",
        ),
        ("this weekend", AUTUMN_FIRST_0130, "weekend", NOW, "2026-10-26T00:00:00+00:00"),
        (
            "tomorrow",
            local(2026, 3, 28, 23, 59),
            "tomorrow",
            "2026-03-29T00:00:00+00:00",
            "2026-03-30T00:00:00+01:00",  # the 23-hour day
        ),
        ("today", SPRING_DAY, "today", NOW, "2026-03-30T00:00:00+01:00"),
    ],
)
def test_parse_when(text: str, now: datetime, label: str, start: str, end: str) -> None:
    window = parse_when(text, now)
    assert window is not None
    assert window.label == label
    assert window.start.isoformat() == iso(now, start)
    assert window.end.isoformat() == iso(now, end)
    assert window.start.tzinfo == LONDON
    assert window.end.tzinfo == LONDON
    assert window.span is not None
    assert text[window.span[0] : window.span[1]] == window.matched
    assert window.matched
    # The label alone rebuilds the same window (it is what a Rasa slot stores).
    rebuilt = window_for_label(window.label, now)
    assert (rebuilt.start.isoformat(), rebuilt.end.isoformat()) == (
        window.start.isoformat(),
        window.end.isoformat(),
    )
    assert (rebuilt.label, rebuilt.matched, rebuilt.span) == (window.label, "", None)


@pytest.mark.parametrize(
    "text",
    [
        "what is peer support",
        "beth yw cymorth cymheiriaid",
        "I want to talk to someone",
        "dw i eisiau siarad â rhywun",
        "Mawrth yw fy hoff fis",  # March: a month alone is not a window
        "I love December",
        "Llun o'r grŵp",  # "Llun" = picture, not Monday, without "dydd"
        "mae'r Sadwrn yn blaned",  # Saturn
        "is there 24/7 support?",
        "grŵp i'r henoed",  # elderly: contains "heno"
        "good morning",
        "Noswaith dda",
        "my daughter is 16 may she come along",
        "dw i'n meddwl mai 3 o bobl sy'n dod",
        "",
        "   ",
        # Past times are recognised, then skipped: none of these asks about the future.
        "last weekend was awful",
        "I felt terrible yesterday",
        "roedd ddoe yn anodd",
        "es i i'r grŵp wythnos diwethaf",
        "dydd Llun diwethaf",
        "31/4",
    ],
)
def test_no_time(text: str) -> None:
    assert parse_when(text, WED_BST) is None


@pytest.mark.parametrize(
    ("text", "label", "matched"),
    [
        # The first expression in the text wins.
        ("tomorrow or friday", "tomorrow", "tomorrow"),
        ("dydd Gwener neu yfory", "weekday:friday", "dydd Gwener"),
        # At the same place the longer phrase wins.
        ("next weekend", "next_weekend", "next weekend"),
        ("dros y penwythnos nesaf", "next_weekend", "dros y penwythnos nesaf"),
        ("Thursday 3rd December", "date:2026-12-03", "Thursday 3rd December"),
        # "any time" yields to anything more specific, wherever it is.
        ("any time next week", "next_week", "next week"),
        ("unrhyw bryd dros y penwythnos", "weekend", "dros y penwythnos"),
        # Past expressions are skipped, and their words are not reused.
        ("I went last Monday, is there one next Monday?", "next_weekday:monday", "next Monday"),
        ("roedd penwythnos diwethaf yn anodd, beth am heno?", "evening", "heno"),
    ],
)
def test_which_expression_wins(text: str, label: str, matched: str) -> None:
    window = parse_when(text, WED_BST)
    assert window is not None
    assert (window.label, window.matched) == (label, matched)


def test_span_points_into_the_original_text() -> None:
    # Accents (precomposed and combining), curly apostrophes and odd spacing are folded for
    # matching, but the span is in the text the user typed.
    text = "Oes grŵp  yn Wrecsam DROS   y\tpenwythnos? neu ddydd Sa\u0302dwrn"
    window = parse_when(text, WED_BST)
    assert window is not None
    assert window.matched == "DROS   y\tpenwythnos"
    assert window.span == (21, 40)
    text = "nos Fe\u0302rcher"
    window = parse_when(text, WED_BST)
    assert window is not None
    assert window.span == (0, len(text))


def test_weekend_hours_across_clock_changes() -> None:
    # Local midnights, so the UTC length is 49 hours in October and 47 in March.
    for now, hours in ((WED_BST, 49), (THU_MARCH, 47), (WED_GMT, 48)):
        window = parse_when("this weekend", now)
        assert window is not None
        length = window.end.astimezone(UTC) - window.start.astimezone(UTC)
        assert length == timedelta(hours=hours)


def test_now_in_another_timezone_is_converted() -> None:
    now_utc = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # 23:30 BST
    window = parse_when("tonight", now_utc)
    assert window is not None
    assert window.start.isoformat() == "2026-07-01T23:30:00+01:00"
    assert window.end.isoformat() == "2026-07-02T00:00:00+01:00"


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_when("today", datetime(2026, 7, 1, 12, 0))


def test_default_window() -> None:
    window = default_window(WED_BST)
    assert (window.label, window.matched, window.span) == ("upcoming", "", None)
    assert window.start == WED_BST
    assert window.end.isoformat() == "2026-11-05T00:00:00+00:00"  # end of 4 November
    week = default_window(WED_BST, days=7)
    assert week.label == "upcoming:7"
    assert week.end.isoformat() == "2026-10-29T00:00:00+00:00"
    for w in (window, week):
        rebuilt = window_for_label(w.label, WED_BST)
        assert (rebuilt.start, rebuilt.end) == (w.start, w.end)
    with pytest.raises(ValueError):
        default_window(WED_BST, days=-1)


@pytest.mark.parametrize(
    "label",
    [
        "today",
        "tomorrow",
        "this_week",
        "next_week",
        "weekend",
        "next_weekend",
        "morning",
        "afternoon",
        "evening",
        "any",
        "upcoming",
        "upcoming:3",
        "tomorrow:afternoon",
        "weekday:monday",
        "weekday:sunday:evening",
        "next_weekday:friday",
        "next_weekday:friday:morning",
        "date:2026-12-03",
        "date:2026-12-03:evening",
    ],
)
def test_every_label_builds_a_sane_window(label: str) -> None:
    for now in (WED_BST, WED_GMT, SAT_BST, SUN_LATE, AUTUMN_SECOND_0130, SPRING_DAY):
        window = window_for_label(label, now)
        assert window.label == label
        assert window.start.tzinfo == LONDON
        assert window.end.timestamp() >= window.start.timestamp()
        # Never in the past unless the whole window is (then it is empty).
        assert window.start.timestamp() >= min(now.timestamp(), window.end.timestamp())


@pytest.mark.parametrize(
    "label",
    ["", "soon", "weekday:funday", "weekday", "date:2026-13-01", "today:night", "upcoming:x"],
)
def test_unknown_labels_are_refused(label: str) -> None:
    with pytest.raises(ValueError):
        window_for_label(label, WED_BST)


@pytest.mark.parametrize(
    ("text", "label", "hours"),
    [
        # A part of the day on no particular day: the next fortnight, that part of each day.
        ("evenings", "daily:evening", (17, 24)),
        ("i work during the day so in the evening please", "daily:evening", (17, 24)),
        ("any afternoon really", "daily:afternoon", (12, 17)),
        ("gyda'r nos", "daily:evening", (17, 24)),
        ("fin nos os yn bosib", "daily:evening", (17, 24)),
        ("yn y boreau", "daily:morning", (0, 12)),
        ("prynhawniau", "daily:afternoon", (12, 17)),
        # ... or narrowing a longer window said in the same message, either order.
        ("next week in the evenings", "next_week:evening", (17, 24)),
        ("evenings next week", "next_week:evening", (17, 24)),
        ("weekend mornings", "weekend:morning", (0, 12)),
        ("nosweithiau wythnos nesa", "next_week:evening", (17, 24)),
        # A single day takes the part as before, with no daily hours left over.
        ("in the morning tomorrow", "tomorrow:morning", None),
        ("monday in the morning", "weekday:monday:morning", None),
        ("yn y bore fory", "tomorrow:morning", None),
        ("gyda'r nos ddydd Mercher", "weekday:wednesday:evening", None),
    ],
)
def test_parts_of_the_day_on_no_particular_day(
    text: str, label: str, hours: tuple[int, int] | None
) -> None:
    window = parse_when(text, WED_GMT)
    assert window is not None
    assert (window.label, window.hours) == (label, hours)
    rebuilt = window_for_label(label, WED_GMT)
    assert (rebuilt.start, rebuilt.end, rebuilt.hours) == (window.start, window.end, hours)


@pytest.mark.parametrize(
    "text",
    ["good morning", "bore da", "nos da", "noswaith dda", "i can't sleep at night", "evening all"],
)
def test_greetings_and_nights_are_not_a_time_to_meet(text: str) -> None:
    assert parse_when(text, WED_GMT) is None


def test_evenings_alone_are_the_next_fortnight() -> None:
    window = parse_when("evenings", WED_GMT)
    assert window is not None
    assert window.start == WED_GMT and window.end == default_window(WED_GMT).end
