"""Talk to Rasa over its standard REST channel, one bot turn at a time."""

from __future__ import annotations

import logging
from typing import Any

import httpx

log = logging.getLogger(__name__)


class RasaUnavailable(RuntimeError):
    """Rasa did not answer in time or answered with an error; the caller has a fallback."""


class RasaClient:
    def __init__(
        self,
        base_url: str,
        timeout_seconds: float = 2.5,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(timeout_seconds, connect=1.0),
            transport=transport,
        )

    async def send(
        self, sender_id: str, message: str, metadata: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            response = await self._client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender_id, "message": message, "metadata": metadata},
            )
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("rasa unavailable: %s", type(exc).__name__)
            raise RasaUnavailable(type(exc).__name__) from exc
        if not isinstance(body, list):
            raise RasaUnavailable("unexpected body")
        return [m for m in body if isinstance(m, dict)]

    async def healthy(self) -> bool:
        try:
            response = await self._client.get("/", timeout=1.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def aclose(self) -> None:
        await self._client.aclose()
