"""When services meet: expand weekly and monthly rhythms into dated sessions.

Times are kept in Wales's local time (Europe/London) and converted per date, so a group
that meets at 18:30 meets at 18:30 in both GMT and BST; adding 7 × 24 hours to an aware
datetime would drift by an hour across a clock change.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WALES = ZoneInfo("Europe/London")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class RecurrenceSpec:
    freq: str  # "weekly" or "monthly"
    weekday: int  # 0 = Monday
    local_time: time
    duration_minutes: int
    starts_on: date
    ends_on: date | None = None
    week_of_month: int | None = None  # monthly: 1-4, or -1 for the last


def local_datetime(day: date, at: time) -> datetime:
    """The aware datetime for a local wall-clock time on a day (fold=0 in the repeated hour)."""
    return datetime.combine(day, at, tzinfo=WALES)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    days = [
        date(year, month, d)
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if date(year, month, d).weekday() == weekday
    ]
    if nth == -1:
        return days[-1]
    return days[nth - 1] if 1 <= nth <= len(days) else None


def _dates(spec: RecurrenceSpec, first: date, last: date) -> Iterator[date]:
    if spec.freq == "weekly":
        day = first + timedelta(days=(spec.weekday - first.weekday()) % 7)
        while day <= last:
            yield day
            day += timedelta(days=7)
        return
    if spec.freq == "monthly":
        year, month = first.year, first.month
        while date(year, month, 1) <= last:
            nth = _nth_weekday(year, month, spec.weekday, spec.week_of_month or 1)
            if nth is not None and first <= nth <= last:
                yield nth
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return
    raise ValueError(f"unknown recurrence frequency {spec.freq!r}")


def expand(spec: RecurrenceSpec, first: date, last: date) -> list[datetime]:
    """Local start times of every meeting from `first` to `last` inclusive."""
    window_first = max(first, spec.starts_on)
    window_last = min(last, spec.ends_on) if spec.ends_on else last
    if window_first > window_last:
        return []
    return [local_datetime(day, spec.local_time) for day in _dates(spec, window_first, window_last)]
