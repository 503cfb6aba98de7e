"""Redaction: contact details and NHS numbers go; times, dates, prices and counts stay."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logging_setup import JsonFormatter, RedactingFilter
from bot.privacy.redact import nhs_number_valid, redact, redact_value, write_csv


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ring me on 07700 900123 please", "ring me on [phone] please"),
        ("my mobile is 07700900123", "my mobile is [phone]"),
        ("call 07700-900-123", "call [phone]"),
        ("+44 7700 900123 after six", "[phone] after six"),
        ("+447700900123", "[phone]"),
        ("0044 7700 900123", "[phone]"),
        ("home: 029 2034 5678", "home: [phone]"),
        ("(029) 2034 5678 is the house", "[phone] is the house"),
        ("+44 (0)29 2034 5678", "[phone]"),
        ("01970 123456 (Aberystwyth)", "[phone] (Aberystwyth)"),
        (
            "ffoniwch fi ar 01248 383838 os gwelwch yn dda",
            "ffoniwch fi ar [phone] os gwelwch yn dda",
        ),
        ("e-bostiwch sian.jones@example.co.uk", "e-bostiwch [email]"),
        ("me+cymar@mail.example.wales.", "[email]."),
        ("I live at CF10 1AA", "I live at [postcode]"),
        ("cod post: sa1 8pp", "cod post: [postcode]"),
        ("LL572DG", "[postcode]"),
        ("SW1A 1AA and NP20 4AB", "[postcode] and [postcode]"),
        ("NHS number 943 476 5919", "NHS number [nhs-number]"),
        ("rhif GIG 9434765919.", "rhif GIG [nhs-number]."),
        ("943-476-5919", "[nhs-number]"),
    ],
)
def test_contact_details_and_nhs_numbers_are_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the group meets at 10:30 on Tuesdays",
        "from 09:30-11:00, then 18:30",
        "on 09-03-2024 at 10:00",
        "on 2024-03-12T18:30:00+00:00",
        "12/03/2024",
        "it costs £12.50, or £5 for 3 sessions",
        "I've been to 12 sessions over 6 weeks",
        "see you at 5pm or 10am",
        "meet at 7 30pm",
        "the course is 10 weeks, 2 hours a week",
        "Samaritans: 116 123",
        "room 101, CF10",
        "a ten-digit number that fails the check: 943 476 5918",
        "order 1234567890",
        "version 3.6.20",
        "conversation 5f2b0c9d6e7a41b2a3c4d5e6f7a8b9c0",
        "I'm 45 and have 2 kids",
    ],
)
def test_times_dates_prices_counts_and_ids_are_kept(text: str) -> None:
    assert redact(text) == text


def test_the_nhs_check_digit() -> None:
    assert nhs_number_valid("9434765919")
    assert nhs_number_valid("4010232137")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("943476591")
    # A remainder that asks for a check digit of 10 is never a valid number.
    assert not nhs_number_valid("1000000010")


def test_exports_redact_every_cell() -> None:
    out = io.StringIO()
    write_csv(
        [{"note": "rang 07700 900123", "count": 3, "where": ["CF10 1AA", "online"]}],
        out,
        ["note", "count", "where"],
    )
    assert out.getvalue().splitlines() == [
        "note,count,where",
        "rang [phone],3,\"['[postcode]', 'online']\"",
    ]
    assert redact_value({"a": ("x@example.org", 5)}) == {"a": ("[email]", 5)}


def test_log_lines_are_redacted_whatever_logged_them() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("tests.privacy.redact")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        logger.warning("could not reach %s at %s", "sian@example.org", "07700 900123")
        logger.info("handoff", extra={"event": "callback for 029 2034 5678", "duration_ms": 12})
        logger.error("bad format %s %s", "only one")
    finally:
        logger.removeHandler(handler)
    first, second, third = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "could not reach [email] at [phone]"
    assert second["event"] == "callback for [phone]"
    assert second["duration_ms"] == 12
    assert third["message"] == "bad format %s %s"


def test_every_app_process_logs_through_the_filter_including_the_servers_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.logging_setup import configure_logging

    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    server = logging.getLogger("uvicorn.error")
    saved_server = (server.handlers[:], server.propagate)
    root.handlers = []
    server.handlers = [logging.StreamHandler()]  # what uvicorn sets up before our app loads
    server.propagate = False
    try:
        configure_logging()
        server.error("could not send to sian@example.org")
        logging.getLogger("bot.anything").warning("postcode CF10 1AA")
    finally:
        root.handlers, _ = saved
        root.setLevel(saved[1])
        server.handlers, server.propagate = saved_server
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [line["message"] for line in lines] == [
        "could not send to [email]",
        "postcode [postcode]",
    ]
