"""Who can take a chat: duty, presence, role and the organisation's opening hours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from bot.staff.accounts import authenticate, create_account
from bot.staff.availability import available_now
from bot.store.models import Organisation, PeerOpeningHours

# A Tuesday, 10:00 in Wales (GMT in November).
TUESDAY_10AM = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)


def supporter(
    session: Session, name: str, languages: list[str], org: str | None = None, **kw: object
):  # type: ignore[no-untyped-def]
    account = create_account(
        session,
        username=name,
        display_name=name.title(),
        password="a long enough password",
        roles=kw.pop("roles", ["peer_supporter"]),  # type: ignore[arg-type]
        languages=languages,
        organisation_slug=org,
    )
    account.on_duty = bool(kw.get("on_duty", True))
    account.last_seen_at = kw.get("last_seen", TUESDAY_10AM)  # type: ignore[assignment]
    return account


def names(session: Session, now: datetime = TUESDAY_10AM, presence: float = 60) -> set[str]:
    return {s.username for s in available_now(session, now, presence).supporters}


def test_only_present_on_duty_peer_supporters_are_available(
    sessions: Callable[[], Session],
) -> None:
    with sessions() as session, session.begin():
        supporter(session, "present", ["cy"])
        supporter(session, "offduty", ["cy"], on_duty=False)
        supporter(session, "gone", ["cy"], last_seen=TUESDAY_10AM - timedelta(minutes=5))
        supporter(session, "curator", ["cy"], roles=["curator"])
        linked = supporter(session, "telegram", ["en"], last_seen=None)
        linked.telegram_user_id = 4242
    with sessions() as session:
        assert names(session) == {"present", "telegram"}


def test_opening_hours_decide_whether_an_organisation_takes_chats(
    sessions: Callable[[], Session],
) -> None:
    with sessions() as session, session.begin():
        session.add(Organisation(slug="mind-test", name_en="Test", name_cy="Prawf"))
        session.add(Organisation(slug="no-hours", name_en="Any", name_cy="Unrhyw"))
        session.flush()
        for weekday in range(5):
            session.add(
                PeerOpeningHours(
                    organisation_slug="mind-test",
                    weekday=weekday,
                    opens_at="09:00",
                    closes_at="17:00",
                )
            )
        supporter(session, "daytime", ["cy", "en"], org="mind-test")
        supporter(session, "anytime", ["en"], org="no-hours")
    week = 7 * 24 * 3600  # both stay present; only the hours change
    with sessions() as session:
        assert names(session, TUESDAY_10AM, week) == {"daytime", "anytime"}
        evening = TUESDAY_10AM.replace(hour=18)
        assert names(session, evening, week) == {"anytime"}
        saturday = TUESDAY_10AM + timedelta(days=4)
        assert names(session, saturday, week) == {"anytime"}


def test_welsh_speakers_are_told_apart(sessions: Callable[[], Session]) -> None:
    with sessions() as session, session.begin():
        supporter(session, "cymraeg", ["cy", "en"])
        supporter(session, "english", ["en"])
    with sessions() as session:
        availability = available_now(session, TUESDAY_10AM, 60)
        assert [s.username for s in availability.speaking("cy")] == ["cymraeg"]
        assert {s.username for s in availability.speaking("en")} == {"cymraeg", "english"}


def test_sign_in_needs_the_right_password(sessions: Callable[[], Session]) -> None:
    with sessions() as session, session.begin():
        supporter(session, "sian", ["cy"])
    with sessions() as session:
        assert authenticate(session, "SIAN", "a long enough password") is not None
        assert authenticate(session, "sian", "a long enough passworD") is None
        assert authenticate(session, "nobody", "a long enough password") is None
