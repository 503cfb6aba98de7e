"""Rasa reuses its connections to the action server and the NLG endpoint
(bot/nlu/keep_alive.py), lets idle ones go before the server would, and still reaches an
endpoint that has restarted."""

from __future__ import annotations

from tests.rasa_env import run_in_rasa

# In Rasa's environment, as `rasa run` has it after bot/ops/rasa_entry.py's prepare(): an
# endpoint that answers with the client's port, called the way Rasa calls its endpoints.
CALLS = """
import asyncio, json, socket
from aiohttp import web
from rasa.utils.endpoints import EndpointConfig
from bot.ops.rasa_entry import prepare
from bot.nlu.keep_alive import IDLE_SECONDS
prepare()

async def answer(request):
    body = await request.json()
    return web.json_response({"port": request.transport.get_extra_info("peername")[1],
                              "echo": body["n"]})

async def serve(port):
    app = web.Application()
    app.router.add_post("/webhook", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner

async def main():
    sock = socket.socket(); sock.bind(("127.0.0.1", 0)); port = sock.getsockname()[1]
    sock.close()
    endpoint = EndpointConfig(url=f"http://127.0.0.1:{port}/webhook")
    server = await serve(port)
    calls = [await endpoint.request("post", json={"n": n}) for n in range(3)]
    await asyncio.sleep(IDLE_SECONDS + 1)
    after_idle = await endpoint.request("post", json={"n": 3})
    await server.cleanup()
    server = await serve(port)
    after_restart = await endpoint.request("post", json={"n": 4})
    await server.cleanup()
    print(json.dumps({"calls": calls, "after_idle": after_idle,
                      "after_restart": after_restart}))

asyncio.run(main())
"""


def test_rasa_keeps_one_connection_to_an_endpoint_and_survives_its_restart() -> None:
    result = run_in_rasa(CALLS)
    calls = result["calls"]
    assert isinstance(calls, list)
    assert [c["echo"] for c in calls] == [0, 1, 2]
    # One connection for the three calls in a row.
    assert len({c["port"] for c in calls}) == 1
    after_idle = result["after_idle"]
    after_restart = result["after_restart"]
    assert isinstance(after_idle, dict) and isinstance(after_restart, dict)
    # Idle past IDLE_SECONDS: a new connection, not one the server may be closing.
    assert after_idle["echo"] == 3 and after_idle["port"] != calls[0]["port"]
    # The endpoint restarted: the call still gets through.
    assert after_restart["echo"] == 4
