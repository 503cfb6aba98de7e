"""Talk to Rasa over its standard REST channel, one bot turn at a time.

The person must hear something within 3 seconds whatever Rasa is doing, so:
- every turn has one deadline for the whole call (connect, send, wait, read), not a timeout
  per step that a hung server can stretch;
- when nothing is listening (Rasa stopped, crashed, or restarting: it opens its port only
  once its model is loaded), turns fail at once until it answers again, and a returning
  Rasa is sent one warm-up turn before people are: its first turn after loading builds
  TensorFlow graphs and takes seconds (measured 1-3 s here), which would otherwise be the
  next person's "I'm having trouble";
- a turn that is only slow (a busy machine) or hung costs that turn the deadline, but the
  next turn tries again: one slow answer must not make the next person hear "trouble";
- at most `max_in_flight` turns are with Rasa at once from this process. Rasa answers turns
  in order, so beyond its capacity every extra turn makes all the others late: measured
  (bench/load.py), answered turns fell from about 10 a second to 0.2 at 400 people, nearly
  every answer arriving after the deadline. A turn that cannot get a place within half the
  deadline is answered "I'm having trouble" at once and never reaches Rasa, so the turns
  Rasa does take are answered in time.

How many turns Rasa did not answer in time is counted (`TroubleRate`): `/api/health` shows
the share over the last few minutes, with `alert: true` above `RASA_TROUBLE_ALERT_SHARE`,
and the same is logged at WARNING once a minute while it lasts, for alerting. Measured
(bench/load.py): at 400 people 40-61 % of turns got "trouble" with every health check
green, and nothing in the logs but one warning per turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import httpx

log = logging.getLogger(__name__)

# A conversation of its own, so warming up never touches a person's dialogue state.
WARM_UP_SENDER = "cymar-warm-up"
WARM_UP_MESSAGE = "hello"
# Loading the model takes 30-60 s on two cores; looking once a second is cheap.
PROBE_INTERVAL_SECONDS = 1.0
WARM_UP_TIMEOUT_SECONDS = 60.0


# A warning while the share stays high, not one per turn.
ALERT_EVERY_SECONDS = 60.0
# Fewer turns than this in the window say nothing about Rasa (a quiet night, one hiccup).
ALERT_MIN_TURNS = 20


class TroubleRate:
    """Of the turns in the last `window_seconds`, how many Rasa did not answer in time."""

    def __init__(
        self,
        window_seconds: float = 300.0,
        alert_share: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.window = window_seconds
        self.alert_share = alert_share
        self._clock = clock
        # [second, answered, not answered], oldest first: bounded by the window's seconds.
        self._seconds: deque[list[int]] = deque()
        self._alerted_at: float | None = None

    def record(self, answered: bool) -> None:
        second = int(self._clock())
        if not self._seconds or self._seconds[-1][0] != second:
            self._seconds.append([second, 0, 0])
        self._seconds[-1][1 if answered else 2] += 1
        self._forget_old()
        if not answered and self.alerting():
            now = self._clock()
            if self._alerted_at is None or now - self._alerted_at >= ALERT_EVERY_SECONDS:
                self._alerted_at = now
                turns, share = self.figures()
                log.warning(
                    "rasa trouble: %.0f%% of %d turns in the last %.0f s got no answer "
                    "in time (alert above %.0f%%)",
                    share * 100,
                    turns,
                    self.window,
                    self.alert_share * 100,
                )

    def figures(self) -> tuple[int, float]:
        """(turns in the window, share of them not answered in time)."""
        self._forget_old()
        answered = sum(s[1] for s in self._seconds)
        missed = sum(s[2] for s in self._seconds)
        turns = answered + missed
        return turns, (missed / turns if turns else 0.0)

    def alerting(self) -> bool:
        turns, share = self.figures()
        return turns >= ALERT_MIN_TURNS and share > self.alert_share

    def _forget_old(self) -> None:
        oldest = self._clock() - self.window
        while self._seconds and self._seconds[0][0] < oldest:
            self._seconds.popleft()


class RasaUnavailable(RuntimeError):
    """Rasa did not answer in time or answered with an error; the caller has a fallback."""


class RasaClient:
    def __init__(
        self,
        base_url: str,
        timeout_seconds: float = 2.5,
        transport: httpx.AsyncBaseTransport | None = None,
        probe_interval_seconds: float = PROBE_INTERVAL_SECONDS,
        max_in_flight: int = 0,
        trouble: TroubleRate | None = None,
    ) -> None:
        self.trouble = trouble or TroubleRate()
        self._deadline = timeout_seconds
        # 0: no limit (tests, and a Rasa behind its own queueing proxy).
        self._places = asyncio.Semaphore(max_in_flight) if max_in_flight > 0 else None
        self._probe_interval = probe_interval_seconds
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(timeout_seconds, connect=min(1.0, timeout_seconds)),
            transport=transport,
        )
        # False from a refused connection until Rasa has answered a warm-up turn again.
        self.available = True
        self._warm = False
        self._warming: asyncio.Lock | None = None
        self._recovery: asyncio.Task[None] | None = None

    async def send(
        self, sender_id: str, message: str, metadata: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            answer = await self._take_turn(sender_id, message, metadata)
        except RasaUnavailable:
            self.trouble.record(answered=False)
            raise
        self.trouble.record(answered=True)
        return answer

    async def _take_turn(
        self, sender_id: str, message: str, metadata: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if not self.available:
            raise RasaUnavailable("recovering")
        if self._places is None:
            return await self._send(sender_id, message, metadata, self._deadline)
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            await asyncio.wait_for(self._places.acquire(), self._deadline / 2)
        except asyncio.TimeoutError:
            log.warning("rasa busy: every place taken")
            raise RasaUnavailable("busy") from None
        try:
            left = self._deadline - (loop.time() - started)
            return await self._send(sender_id, message, metadata, left)
        finally:
            self._places.release()

    async def _send(
        self, sender_id: str, message: str, metadata: dict[str, Any], deadline: float
    ) -> list[dict[str, Any]]:
        try:
            response = await asyncio.wait_for(
                self._client.post(
                    "/webhooks/rest/webhook",
                    json={"sender": sender_id, "message": message, "metadata": metadata},
                ),
                deadline,
            )
            response.raise_for_status()
            body = response.json()
        except httpx.ConnectError as exc:
            log.warning("rasa not running: %s", type(exc).__name__)
            self._mark_down()
            raise RasaUnavailable(type(exc).__name__) from exc
        except (httpx.HTTPError, ValueError, asyncio.TimeoutError) as exc:
            log.warning("rasa unavailable: %s", type(exc).__name__)
            raise RasaUnavailable(type(exc).__name__) from exc
        if not isinstance(body, list):
            raise RasaUnavailable("unexpected body")
        return [m for m in body if isinstance(m, dict)]

    def start_warming(self) -> None:
        """At start-up: warm Rasa up as soon as it answers (turns are not held back)."""
        if self._recovery is None:
            self._recovery = asyncio.get_running_loop().create_task(self._recover())

    async def healthy(self) -> bool:
        """Rasa answers and has been warmed up (the first health check after it comes up
        does the warming, so `/api/health` only says ok once a person would be answered)."""
        if not await self._answers():
            return False
        if not self._warm:
            # A warm-up already under way may take a while; a health check never waits.
            if self._warming is not None and self._warming.locked():
                return False
            return await self._warm_up()
        return self.available

    async def aclose(self) -> None:
        if self._recovery is not None:
            self._recovery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._recovery
        await self._client.aclose()

    # -- recovery -------------------------------------------------------------------------

    def _mark_down(self) -> None:
        # Not warm any more either: a probe already under way (the start-up one, say) must
        # warm the returning Rasa up and mark it available, not find it "already warm".
        self.available = False
        self._warm = False
        if self._recovery is None or self._recovery.done():
            self._recovery = asyncio.get_running_loop().create_task(self._recover())

    async def _recover(self) -> None:
        while not (await self._answers() and await self._warm_up()):
            await asyncio.sleep(self._probe_interval)
        log.info("rasa answers again")

    async def _answers(self) -> bool:
        try:
            response = await asyncio.wait_for(self._client.get("/"), 1.0)
        except (httpx.HTTPError, asyncio.TimeoutError):
            return False
        return response.status_code == 200

    async def _warm_up(self) -> bool:
        if self._warming is None:
            self._warming = asyncio.Lock()
        async with self._warming:
            if self._warm:
                self.available = True
                return True
            try:
                response = await self._client.post(
                    "/webhooks/rest/webhook",
                    json={"sender": WARM_UP_SENDER, "message": WARM_UP_MESSAGE},
                    timeout=WARM_UP_TIMEOUT_SECONDS,
                )
            except httpx.HTTPError:
                return False
            self._warm = response.status_code == 200
            self.available = self._warm
            return self._warm
