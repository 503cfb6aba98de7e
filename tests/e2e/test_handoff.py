"""Talking to a peer supporter, across the real processes: the API and stream a person uses,
the staff inbox websocket a supporter uses, the real CLI that makes staff accounts.

Timings are shortened for the stack (see conftest.HANDOFF_TIMINGS).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.ops.stack import Stack, free_port, prepare_database
from bot.settings import ROOT
from tests.e2e.conftest import HANDOFF_TIMINGS
from tests.e2e.peers import Supporter, create_supporter, person_stream, sign_in, staff_cli
from tests.e2e.test_conversations import Person

pytestmark = pytest.mark.e2e


def make(stack: Stack, staff: list[str], name: str, languages: str, org: str | None = None) -> str:
    username = f"{name}-{int(time.time() * 1000) % 10_000_000}"
    create_supporter(stack, username, languages, org)
    staff.append(username)
    return username


def is_message(text_part: str) -> Any:
    return lambda e: e["type"] == "message" and text_part in e["text"]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_person_reaches_a_supporter_in_their_language_and_comes_back(
    stack: Stack, staff: list[str], language: str
) -> None:
    welsh = language == "cy"
    supporter = Supporter(stack.base_url, make(stack, staff, "journey", "cy,en" if welsh else "en"))
    async with supporter:
        await supporter.on_duty()
        person = Person(stack, language)
        asked = person.say("dw i isio siarad â pherson" if welsh else "can I talk to a real person")
        assert asked["state"] == "waiting_for_peer"
        queued = asked["messages"][-1]["text"]
        assert ("rhif 1 yn y ciw" if welsh else "number 1 in the queue") in queued
        assert "999" in queued  # not an emergency service
        waiting_note = person.say("mae pethau'n anodd" if welsh else "things are hard")
        assert waiting_note["state"] == "waiting_for_peer"

        request = await supporter.sees_request(person.id)
        assert request["language"] == language
        async with person_stream(stack.base_url, person.id, after_seq=100) as stream:
            assert await supporter.claim(request["request_id"])
            chat = await supporter.wait_for(lambda e: e["type"] == "chat")
            earlier = [m for m in chat["messages"] if m.get("while_waiting")]
            assert [m["text"] for m in earlier] == [
                "mae pethau'n anodd" if welsh else "things are hard"
            ]
            joined = await stream.wait_for(
                lambda e: e["type"] == "message" and e["from"] == "system"
            )
            assert joined["lang"] == language
            await stream.wait_for(lambda e: e == {"type": "state", "state": "with_peer"})

            hello = "Helo, dw i yma nawr." if welsh else "Hi, I'm here now."
            await supporter.send(
                {"type": "send", "request_id": request["request_id"], "text": hello}
            )
            relayed = await stream.wait_for(is_message(hello))
            assert relayed["from"] == "peer" and relayed["lang"] == language
            await supporter.wait_for(
                lambda e: e["type"] == "delivered" and e["seq"] == relayed["seq"]
            )

            await stream.send({"type": "typing"})
            await supporter.wait_for(lambda e: e["type"] == "typing" and e["from"] == "user")
            reply = person.say("diolch am ddod" if welsh else "thanks for coming")
            assert reply["messages"] == [] and reply["state"] == "with_peer"
            await supporter.wait_for(is_message("diolch am ddod" if welsh else "thanks for coming"))

            await supporter.send(
                {"type": "end", "request_id": request["request_id"], "note": "talked it through"}
            )
            ended = await stream.wait_for(lambda e: e["type"] == "message" and e["buttons"])
            assert ended["lang"] == language
            assert ended["buttons"][0]["payload"] == '/peer_feedback{"helpful": "yes"}'
            await stream.wait_for(lambda e: e == {"type": "state", "state": "bot"})

        thanks = person.press('/peer_feedback{"helpful": "yes"}')
        assert thanks["state"] == "bot" and thanks["messages"][0]["lang"] == language
        back = person.say("beth yw cymorth cymheiriaid?" if welsh else "what is peer support?")
        assert back["state"] == "bot" and all(m["lang"] == language for m in back["messages"])
        assert back["messages"][-1]["buttons"][-1]["payload"] == "/talk_to_person"


async def test_two_supporters_racing_to_claim_have_exactly_one_winner(
    stack: Stack, staff: list[str]
) -> None:
    first = Supporter(stack.base_url, make(stack, staff, "racer-a", "en"))
    second = Supporter(stack.base_url, make(stack, staff, "racer-b", "en"))
    async with first, second:
        await first.on_duty()
        await second.on_duty()
        person = Person(stack, "en")
        person.press("/talk_to_person")
        request = await first.sees_request(person.id)
        await second.sees_request(person.id)
        won = await asyncio.gather(
            first.claim(request["request_id"]), second.claim(request["request_id"])
        )
        assert sorted(won) == [False, True]
        winner = first if won[0] else second
        await winner.send({"type": "end", "request_id": request["request_id"], "note": ""})
        await winner.wait_for(lambda e: e["type"] == "end_result" and e["ok"])


async def test_a_person_who_reconnects_sees_everything_they_missed(
    stack: Stack, staff: list[str]
) -> None:
    supporter = Supporter(stack.base_url, make(stack, staff, "reconnect", "en"))
    async with supporter:
        await supporter.on_duty()
        person = Person(stack, "en")
        person.press("/talk_to_person")
        request = await supporter.sees_request(person.id)
        assert await supporter.claim(request["request_id"])
        seen = person.http.get(f"/api/conversations/{person.id}").json()["messages"][-1]["seq"]
        # The person's screen is closed (phone locked) while the supporter writes.
        for text in ("Are you still there?", "Take your time."):
            await supporter.send(
                {"type": "send", "request_id": request["request_id"], "text": text}
            )
            await supporter.wait_for(lambda e: e["type"] == "send_result" and e["ok"])
        async with person_stream(stack.base_url, person.id, after_seq=seen) as stream:
            missed = [await stream.wait_for(lambda e: e["type"] == "message") for _ in range(2)]
            assert [m["text"] for m in missed] == ["Are you still there?", "Take your time."]
            await stream.wait_for(lambda e: e == {"type": "state", "state": "with_peer"})
        # Reading them counts as delivery.
        await supporter.wait_for(lambda e: e["type"] == "delivered")
        await supporter.send({"type": "end", "request_id": request["request_id"]})


async def test_a_supporter_who_drops_out_puts_the_person_back_in_the_queue(
    stack: Stack, staff: list[str]
) -> None:
    leaving = Supporter(stack.base_url, make(stack, staff, "leaving", "en"))
    staying = Supporter(stack.base_url, make(stack, staff, "staying", "en"))
    async with staying:
        await staying.on_duty()
        person = Person(stack, "en")
        async with leaving:
            await leaving.on_duty()
            person.press("/talk_to_person")
            request = await leaving.sees_request(person.id)
            assert await leaving.claim(request["request_id"])
        # The leaving supporter's connection is gone (closed, not ended).
        async with person_stream(stack.base_url, person.id, after_seq=10_000) as stream:
            dropped = await stream.wait_for(is_message("connection has dropped"), timeout=30)
            assert dropped["from"] == "system"
            await stream.wait_for(lambda e: e == {"type": "state", "state": "waiting_for_peer"})
        again = await staying.sees_request(person.id, timeout=15)
        assert again["request_id"] == request["request_id"]
        assert await staying.claim(request["request_id"])
        chat = await staying.wait_for(lambda e: e["type"] == "chat")
        assert any("connection has dropped" in m["text"] for m in chat["messages"])
        await staying.send({"type": "end", "request_id": request["request_id"]})


async def test_risk_during_a_peer_chat_alerts_the_supporter_and_the_person_sees_numbers(
    stack: Stack, staff: list[str]
) -> None:
    supporter = Supporter(stack.base_url, make(stack, staff, "safety", "cy"))
    async with supporter:
        await supporter.on_duty()
        person = Person(stack, "cy")
        person.press("/talk_to_person")
        request = await supporter.sees_request(person.id)
        assert await supporter.claim(request["request_id"])
        turn = person.say("dw i ddim isio byw ddim mwy")
        assert turn["state"] == "with_peer"
        assert any("999" in m["text"] and m["lang"] == "cy" for m in turn["messages"])
        await supporter.wait_for(lambda e: e["type"] == "safety_alert")
        idiom = person.say("mae'r ciw 'ma'n fy lladd i lol")
        assert idiom["messages"] == []
        await supporter.send({"type": "end", "request_id": request["request_id"]})


async def test_a_long_wait_is_explained_with_choices(stack: Stack, staff: list[str]) -> None:
    supporter = Supporter(stack.base_url, make(stack, staff, "busy", "cy"))
    async with supporter:
        await supporter.on_duty()
        person = Person(stack, "cy")
        person.press("/talk_to_person")
        timeout = float(HANDOFF_TIMINGS["HANDOFF_TIMEOUT_SECONDS"])
        async with person_stream(stack.base_url, person.id, after_seq=10_000) as stream:
            told = await stream.wait_for(
                lambda e: e["type"] == "message" and "/keep_waiting" in str(e["buttons"]),
                timeout=timeout + 15,
            )
        assert told["lang"] == "cy" and "999" in told["text"]
        still = person.press("/keep_waiting")
        assert still["state"] == "waiting_for_peer"
        left = person.press('/request_callback{"method": "message"}')
        assert left["state"] == "bot"
        saved = person.say("Hoffwn i siarad â rhywun yfory, os gwelwch yn dda.")
        assert "Diolch" in saved["messages"][0]["text"]


def closed_window() -> tuple[str, str]:
    """An hour of opening that does not include the present moment in Wales."""
    hour = datetime.now(ZoneInfo("Europe/London")).hour
    return ("21:00", "22:00") if 2 <= hour < 20 else ("10:00", "11:00")


async def test_out_of_hours_offers_a_callback_that_supporters_see_next_morning(
    stack: Stack, staff: list[str]
) -> None:
    org = "sample-cardiff-peer-circle"
    opens, closes = closed_window()
    staff_cli(
        stack, "hours", "--organisation", org, "--days", "all", "--opens", opens, "--closes", closes
    )
    try:
        supporter = Supporter(stack.base_url, make(stack, staff, "nightowl", "en", org))
        async with supporter:
            await supporter.on_duty()
            person = Person(stack, "en")
            turn = person.press("/talk_to_person")
            assert turn["state"] == "bot"
            assert "no peer supporter is available" in turn["messages"][0]["text"]
            assert "116 123" in turn["messages"][0]["text"]
            assert person.press('/request_callback{"method": "phone"}')["state"] == "bot"
            assert "doesn't look like" in person.say("ring me")["messages"][0]["text"]
            person.say("+44 7811 123456")
            cookie = sign_in(stack.base_url, supporter.username)
            with httpx.Client(
                base_url=stack.base_url, headers={"Cookie": f"cymar_staff={cookie}"}
            ) as http:
                page = http.get("/admin/callbacks?lang=en")
                assert page.status_code == 200 and "07811123456" in page.text
    finally:
        staff_cli(
            stack,
            "hours",
            "--organisation",
            org,
            "--days",
            "all",
            "--opens",
            "00:00",
            "--closes",
            "24:00",
        )


def start_web(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                str(ROOT / ".venv/app/bin/uvicorn"),
                "--factory",
                "bot.web.app:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
            ],
            cwd=ROOT,
            env={**env, "WEB_PORT": str(port)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_healthy(base_url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/api/conversations/none", timeout=2).status_code == 404:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("the restarted web process did not come back")


async def test_restarting_the_web_process_mid_chat_loses_nothing(
    stack: Stack, tmp_path: Path
) -> None:
    # A web process of its own (same Rasa, NLG and actions), so killing it leaves the shared
    # stack alone; its own database, so the shared watchdog does not re-queue this chat.
    database_url = f"sqlite:///{tmp_path / 'restart.db'}"
    prepare_database(database_url, directory=False)
    env = {**stack.env, "DATABASE_URL": database_url, "PEER_RECONNECT_GRACE_SECONDS": "60"}
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = tmp_path / "web.log"
    web = start_web(env, port, log)
    try:
        wait_healthy(base_url)
        restart_stack = Stack(base_url, env, log, web)
        staff_cli(
            restart_stack,
            "create",
            "--username",
            "restart",
            "--name",
            "Ffion",
            "--role",
            "peer_supporter",
            "--languages",
            "cy",
            "--password-stdin",
            stdin="correct horse battery staple\n",
        )
        supporter = Supporter(base_url, "restart")
        person = Person(restart_stack, "cy")
        async with supporter:
            await supporter.on_duty()
            person.press("/talk_to_person")
            request = await supporter.sees_request(person.id)
            assert await supporter.claim(request["request_id"])
            await supporter.send(
                {"type": "send", "request_id": request["request_id"], "text": "Cyn ailgychwyn"}
            )
            await supporter.wait_for(lambda e: e["type"] == "send_result" and e["ok"])

        os.kill(web.pid, signal.SIGKILL)
        web.wait(timeout=10)
        web = start_web(env, port, log)
        wait_healthy(base_url)

        after = person.say("wyt ti dal yna?")
        assert after["state"] == "with_peer" and after["messages"] == []
        supporter = Supporter(base_url, "restart")
        async with supporter:
            chat = await supporter.wait_for(lambda e: e["type"] == "chat")
            texts = [m["text"] for m in chat["messages"]]
            assert "Cyn ailgychwyn" in texts and "wyt ti dal yna?" in texts
            async with person_stream(base_url, person.id, after_seq=0) as stream:
                await stream.wait_for(is_message("Cyn ailgychwyn"))
                await supporter.send(
                    {"type": "send", "request_id": request["request_id"], "text": "Ydw, dw i yma"}
                )
                await stream.wait_for(is_message("Ydw, dw i yma"))
    finally:
        web.terminate()
        web.wait(timeout=10)
