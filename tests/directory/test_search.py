"""Directory search against a real migrated database, with a small known directory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from bot.directory.cards import card, text_block
from bot.directory.schedule import RecurrenceSpec, expand
from bot.directory.search import SearchQuery, alternatives, sample_data_in_use, search
from bot.directory.seed import refresh_occurrences, seed_directory
from bot.directory.when import window_for_label

WALES = ZoneInfo("Europe/London")
TODAY = date(2026, 10, 19)  # a Monday, the week before the clocks go back
NOW = datetime(2026, 10, 19, 9, 0, tzinfo=WALES)

DIRECTORY = """
version: "1"
sample_data: false
organisations:
  - {slug: org-north, name_en: North Peers, name_cy: Cymheiriaid y Gogledd,
     website: https://example.org/north, phone: "01632 960001", email: north@example.org}
  - {slug: org-south, name_en: South Peers, name_cy: Cymheiriaid y De,
     website: https://example.org/south, phone: "01632 960002", email: null}
services:
  - slug: wrexham-tuesday-group
    organisation: org-north
    kind: peer_support_group
    title_en: Tuesday peer group
    title_cy: Grŵp cymheiriaid dydd Mawrth
    topics: [anxiety]
    area: wrexham
    venue: {name_en: Hub, name_cy: Hyb, address: 1 High Street, Wrexham, postcode: LL11 1AA}
    delivery: [in_person]
    languages: [en]
    booking: {method: drop_in, value: null}
    schedule:
      recurrence: {freq: weekly, weekday: tuesday, time: "18:30", duration_minutes: 90,
                   starts_on: "2026-09-01", ends_on: null}
      cancelled: ["2026-10-27"]
  - slug: wrexham-welsh-walk
    organisation: org-north
    kind: wellbeing_session
    title_en: Welsh-language walk
    title_cy: Taith gerdded Gymraeg
    topics: [walking]
    area: wrexham
    venue: {name_en: Park gates, name_cy: Giatiau'r parc, address: Park Road, postcode: LL12 7AA}
    delivery: [in_person]
    languages: [cy]
    booking: {method: phone, value: "01632 960001"}
    schedule:
      recurrence: {freq: weekly, weekday: saturday, time: "10:00", duration_minutes: 60,
                   starts_on: "2026-09-05", ends_on: null}
  - slug: flintshire-carers-cafe
    organisation: org-north
    kind: peer_support_group
    title_en: Carers cafe
    title_cy: Caffi gofalwyr
    topics: [carers]
    area: flintshire
    venue: {name_en: Cafe, name_cy: Caffi, address: Mold, postcode: CH7 1AA}
    delivery: [in_person]
    languages: [cy, en]
    booking: {method: drop_in, value: null}
    schedule:
      recurrence: {freq: monthly, weekday: thursday, week_of_month: -1, time: "14:00",
                   duration_minutes: 120, starts_on: "2026-09-01", ends_on: null}
  - slug: online-sleep-course
    organisation: org-south
    kind: recovery_college_course
    title_en: Sleep well
    title_cy: Cysgu'n well
    topics: [sleep]
    delivery: [online]
    languages: [en]
    booking: {method: link, value: https://example.org/sleep}
    schedule:
      sessions: ["2026-10-19T08:00", "2026-10-21T10:00", "2026-11-04T10:00"]
      duration_minutes: 120
"""


@pytest.fixture
def directory(tmp_path: Path, sessions: Callable[[], Session]) -> Callable[[], Session]:
    path = tmp_path / "services.yml"
    path.write_text(DIRECTORY, encoding="utf-8")
    with sessions() as session, session.begin():
        seed_directory(session, path, today=TODAY)
    return sessions


def query(label: str, **kwargs: object) -> SearchQuery:
    window = window_for_label(label, NOW)
    return SearchQuery(
        start=window.start,
        end=window.end,
        hours=window.hours,
        **kwargs,  # type: ignore[arg-type]
    )


def test_weekly_sessions_keep_their_local_time_across_the_clock_change() -> None:
    spec = RecurrenceSpec("weekly", 1, time(18, 30), 90, date(2026, 10, 1))
    meetings = expand(spec, date(2026, 10, 20), date(2026, 11, 3))
    assert [m.astimezone(WALES).strftime("%H:%M") for m in meetings] == ["18:30"] * 3
    utc_hours = [m.astimezone(timezone.utc).hour for m in meetings]
    assert utc_hours == [17, 18, 18]  # BST, then GMT after 25 October


def test_monthly_last_thursday() -> None:
    spec = RecurrenceSpec("monthly", 3, time(14), 120, date(2026, 9, 1), week_of_month=-1)
    meetings = expand(spec, date(2026, 10, 1), date(2026, 12, 31))
    assert [m.date() for m in meetings] == [
        date(2026, 10, 29),
        date(2026, 11, 26),
        date(2026, 12, 31),
    ]


def test_an_area_search_finds_that_areas_next_sessions_soonest_first(
    directory: Callable[[], Session],
) -> None:
    with directory() as session:
        result = search(session, query("next_week", area="wrexham"), now=NOW)
    titles = [h.service.title_en for h in result.hits]
    assert titles == ["Welsh-language walk"]  # Tuesday 27th is cancelled; Saturday remains
    assert result.has_more is False


def test_cancelled_and_past_sessions_never_appear(directory: Callable[[], Session]) -> None:
    with directory() as session:
        result = search(session, query("any", online_only=True), now=NOW)
    starts = [h.starts_at for h in result.hits]
    assert starts and all(s >= NOW for s in starts)
    # The 08:00 course on the 19th had already started at 09:00: the next date is shown.
    assert result.hits[0].starts_at.astimezone(WALES).date() == date(2026, 10, 21)


def test_one_card_per_service_not_every_date_of_a_weekly_group(
    directory: Callable[[], Session],
) -> None:
    with directory() as session:
        result = search(session, query("any", area="wrexham"), now=NOW, limit=10)
    slugs = [h.service.slug for h in result.hits]
    assert sorted(slugs) == ["wrexham-tuesday-group", "wrexham-welsh-walk"]


def test_evenings_or_mornings_keep_only_sessions_starting_then_local_time(
    directory: Callable[[], Session],
) -> None:
    # "Evenings" in Wrexham: the 18:30 Tuesday group, never the Saturday 10:00 walk. Next
    # week (after the clocks go back) the walk is still there but its only evening, the
    # Tuesday of the 27th, is cancelled: nothing.
    with directory() as session:
        evenings = search(session, query("any:evening", area="wrexham"), now=NOW, limit=10)
        mornings = search(session, query("daily:morning", area="wrexham"), now=NOW, limit=10)
        later = search(session, query("next_week:evening", area="wrexham"), now=NOW, limit=10)
    assert [h.service.slug for h in evenings.hits] == ["wrexham-tuesday-group"]
    assert [h.service.slug for h in mornings.hits] == ["wrexham-welsh-walk"]
    assert later.hits == []  # next week's Tuesday (the 27th) is cancelled


def test_language_of_delivery_filter(directory: Callable[[], Session]) -> None:
    with directory() as session:
        welsh = search(session, query("any", language="cy"), now=NOW, limit=10)
    assert {h.service.slug for h in welsh.hits} == {"wrexham-welsh-walk", "flintshire-carers-cafe"}


def test_a_health_board_search_covers_its_areas(directory: Callable[[], Session]) -> None:
    with directory() as session:
        result = search(session, query("any", area="betsi-cadwaladr"), now=NOW, limit=10)
    assert {h.service.area_slug for h in result.hits} == {"wrexham", "flintshire"}


def test_topic_filter(directory: Callable[[], Session]) -> None:
    with directory() as session:
        result = search(session, query("any", topic="carers"), now=NOW, limit=10)
    assert [h.service.slug for h in result.hits] == ["flintshire-carers-cafe"]


def test_nothing_found_offers_nearby_online_and_contacts(
    directory: Callable[[], Session],
) -> None:
    wednesday = query("weekday:wednesday", area="wrexham")  # nothing meets in Wrexham then
    with directory() as session:
        assert search(session, wednesday, now=NOW).hits == []
        options = alternatives(session, wednesday, now=NOW)
    assert options.online is not None  # the online course on Wednesday the 21st
    assert options.later is not None
    assert [o.slug for o in options.organisations] == ["org-north"]


def test_cards_carry_the_designed_fields_in_the_persons_language(
    directory: Callable[[], Session],
) -> None:
    with directory() as session:
        hit = search(session, query("any", area="wrexham"), now=NOW).hits[0]
        cy, en = card(hit, "cy"), card(hit, "en")
        block = text_block(hit, "cy")
    for fields in (cy, en):
        assert {"title", "area", "starts_at", "delivery", "language", "url"} <= fields.keys()
    assert cy["title"] == "Grŵp cymheiriaid dydd Mawrth" and cy["area"] == "Wrecsam"
    assert en["when"].startswith("Tuesday 20 October, 6:30pm")
    assert cy["when"].startswith("Dydd Mawrth 20 Hydref, 6:30yh")
    assert "Galwch heibio" in block


def test_expansion_is_extended_as_time_passes(directory: Callable[[], Session]) -> None:
    later = date(2027, 6, 1)
    refresh_occurrences(directory, today=later)
    june = datetime(2027, 6, 1, 9, tzinfo=WALES)
    with directory() as session:
        window = window_for_label("next_week", june)
        result = search(
            session, SearchQuery(window.start, window.end, area="wrexham"), now=june, limit=10
        )
        assert len(result.hits) == 2
        assert sample_data_in_use(session) is False


def test_delivery_filter(directory: Callable[[], Session]) -> None:
    with directory() as session:
        in_person = search(session, query("any", delivery="in_person"), now=NOW, limit=10)
        by_phone = search(session, query("any", delivery="phone"), now=NOW, limit=10)
    assert "online-sleep-course" not in {h.service.slug for h in in_person.hits}
    assert len(in_person.hits) == 3
    assert by_phone.hits == []


def test_the_areas_of_wales_are_stored_in_both_languages(directory: Callable[[], Session]) -> None:
    from sqlalchemy import select

    from bot.store.models import Area

    with directory() as session:
        rows = session.scalars(select(Area)).all()
    kinds = [r.kind for r in rows]
    assert kinds.count("local_authority") == 22 and kinds.count("health_board") == 7
    names = {r.slug: (r.name_en, r.name_cy, r.health_board_slug) for r in rows}
    assert names["wrexham"] == ("Wrexham", "Wrecsam", "betsi-cadwaladr")
