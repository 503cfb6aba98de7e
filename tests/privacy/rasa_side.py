"""Rasa's side of the tracker tests, run in Rasa's environment (`.venv/rasa/bin/python`).

Trackers are written and read by Rasa's own SQLTrackerStore, so the tests check our
deletes against the table Rasa really creates and the trackers Rasa really rebuilds.

    write URL SPEC_JSON   SPEC: {"sender": [["user", "text", timestamp], ...]}
    read URL SENDER...    prints {"sender": [["user", "text", timestamp], ...] or null}
"""

from __future__ import annotations

import asyncio
import json
import sys

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker


def store(url: str) -> SQLTrackerStore:
    return SQLTrackerStore(domain=Domain.empty(), host=url)


async def write(url: str, spec: dict[str, list[list[object]]]) -> None:
    tracker_store = store(url)
    for sender, turns in spec.items():
        tracker = DialogueStateTracker(sender, [])
        for kind, text, timestamp in turns:
            if kind == "user":
                tracker.update(UserUttered(str(text), timestamp=float(timestamp)))
            else:
                tracker.update(ActionExecuted("utter_x", timestamp=float(timestamp)))
                tracker.update(BotUttered(str(text), timestamp=float(timestamp)))
        await tracker_store.save(tracker)


async def read(url: str, senders: list[str]) -> dict[str, object]:
    tracker_store = store(url)
    found: dict[str, object] = {}
    for sender in senders:
        tracker = await tracker_store.retrieve_full_tracker(sender)
        if tracker is None:
            found[sender] = None
            continue
        found[sender] = [
            ["user" if e.type_name == "user" else "bot", e.text, e.timestamp]
            for e in tracker.events
            if isinstance(e, (UserUttered, BotUttered))
        ]
    return found


def main() -> None:
    command, url, *rest = sys.argv[1:]
    if command == "write":
        asyncio.run(write(url, json.loads(rest[0])))
        print("{}")
    else:
        print(json.dumps(asyncio.run(read(url, rest))))


if __name__ == "__main__":
    main()
