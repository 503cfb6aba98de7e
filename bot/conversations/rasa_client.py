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
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import httpx

log = logging.getLogger(__name__)

# A conversation of its own, so warming up never touches a person's dialogue state.
WARM_UP_SENDER = "cymar-warm-up"
WARM_UP_MESSAGE = "hello"
# Loading the model takes 30-60 s on two cores; looking once a second is cheap.
PROBE_INTERVAL_SECONDS = 1.0
WARM_UP_TIMEOUT_SECONDS = 60.0


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
    ) -> None:
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
