"""Rasa's calls to the action server and the NLG endpoint over kept-alive connections.

Rasa 3.6 opens a new aiohttp session, and so a new TCP connection, for every call it makes
to an endpoint (`EndpointConfig.request`): a turn makes one to three of them in a row. Rasa
runs every turn on one event loop that is busy with other turns' NLU and tracker work, and
each step of a call (connect, send, headers, body) waits for the loop to come back to it.
Traced under load (100 people with 3-10 s pauses, SQLite; each phase of each turn timed in
the Rasa process), the action server calls took 143 ms and the NLG calls 56 ms on average,
for a few milliseconds of work at the other end. Reusing one session, and its pooled
connections, per endpoint takes the connecting out of every call after the first.

Idle connections are dropped after `IDLE_SECONDS`, before the servers at the other end
(uvicorn and Sanic, 5 s) close them, so a call never goes out on a connection the server is
closing. A restarted endpoint closes its connections, and aiohttp drops closed ones.

`install()` is called by bot/ops/rasa_entry.py before Rasa starts. Runs in the Rasa
environment: Rasa and aiohttp only.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Optional, Tuple, Type

import aiohttp
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import EndpointConfig

IDLE_SECONDS = 2.0


class KeptSession:
    """What `async with endpoint.session()` gives: the endpoint's session, left open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        return None


def kept_session(endpoint: EndpointConfig) -> KeptSession:
    """EndpointConfig.session, made once per endpoint and event loop."""
    loop = asyncio.get_running_loop()
    kept: Optional[Tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]]
    kept = getattr(endpoint, "_kept_session", None)
    if kept is None or kept[0] is not loop or kept[1].closed:
        # What Rasa's own session has (headers, authentication, timeout), on a connector
        # that lets idle connections go before the other end does.
        basic = endpoint.basic_auth
        session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(keepalive_timeout=IDLE_SECONDS),
            headers=endpoint.headers,
            auth=aiohttp.BasicAuth(basic["username"], basic["password"]) if basic else None,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        )
        # The loop kept alongside: aiohttp's `session.loop` is deprecated.
        kept = (loop, session)
        endpoint._kept_session = kept
    return KeptSession(kept[1])


def install() -> None:
    EndpointConfig.session = kept_session
