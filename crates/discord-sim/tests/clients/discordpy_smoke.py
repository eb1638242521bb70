"""A discord.py 2.x bot run against discord-sim, to show that the simulator serves that library.

It logs in, waits until its guild's members are chunked, registers the guild command /ping,
answers it when a user runs it (run_smoke.py acts as that user), creates a text channel, and
exits 0. Any failure exits non-zero with one line saying why; the whole run is bounded.

Usage: discordpy_smoke.py SIMULATOR_URL   (e.g. http://127.0.0.1:8090)
"""

import asyncio
import json
import sys
import urllib.request

import discord
import yarl
from discord import app_commands

TIME_LIMIT = 60
CHANNEL_NAME = "discordpy-smoke"
ANSWER = "pong from discord.py"


def fail(message: str) -> None:
    print(f"discordpy_smoke: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def point_at(sim: str) -> None:
    # discord.py keeps Discord's addresses in these two class attributes; both are meant to be
    # replaceable, so no code of the library is changed.
    discord.http.Route.BASE = f"{sim}/api/v10"
    gateway = "ws" + sim[len("http"):] + "/gateway"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)


async def run(sim: str) -> None:
    with urllib.request.urlopen(f"{sim}/_sim/state", timeout=10) as answer:
        state = json.load(answer)
    token = state["applications"][0]["token"]
    guild_state = state["guilds"][0]
    guild = discord.Object(id=int(guild_state["id"]))

    intents = discord.Intents.default()
    # The members intent makes discord.py chunk the guild (op 8) before it is ready.
    intents.members = True
    client = discord.Client(intents=intents)
    tree = app_commands.CommandTree(client)
    done = asyncio.get_running_loop().create_future()

    @tree.command(name="ping", description="Answers pong", guild=guild)
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(ANSWER)
        channel = await interaction.guild.create_text_channel(CHANNEL_NAME)
        if not done.done():
            done.set_result(channel.id)

    @client.event
    async def on_ready() -> None:
        cached = client.get_guild(guild.id)
        if cached is None:
            done.set_exception(RuntimeError("the guild was not received"))
            return
        if len(cached.members) != len(guild_state["members"]):
            done.set_exception(RuntimeError(
                f"{len(cached.members)} members cached of {len(guild_state['members'])}"))
            return
        synced = await tree.sync(guild=guild)
        if [command.name for command in synced] != ["ping"]:
            done.set_exception(RuntimeError(f"sync returned {synced}"))
            return
        # The driver waits for this line before it runs /ping as a user.
        print("registered /ping", flush=True)

    async def bot() -> None:
        async with client:
            await client.start(token, reconnect=False)

    runner = asyncio.create_task(bot())
    try:
        waiting = asyncio.ensure_future(done)
        finished, _ = await asyncio.wait({waiting, runner}, timeout=TIME_LIMIT,
                                         return_when=asyncio.FIRST_COMPLETED)
        if not finished:
            raise RuntimeError(f"not done within {TIME_LIMIT} s")
        if runner in finished:
            runner.result()
            raise RuntimeError("the client stopped before the command was answered")
        print(f"created channel {waiting.result()}", flush=True)
    finally:
        await client.close()
        runner.cancel()


def main() -> None:
    if len(sys.argv) != 2:
        fail("usage: discordpy_smoke.py SIMULATOR_URL")
    sim = sys.argv[1].rstrip("/")
    point_at(sim)
    try:
        asyncio.run(run(sim))
    except Exception as error:  # noqa: BLE001 - any failure is reported the same way
        fail(f"{type(error).__name__}: {error}")


if __name__ == "__main__":
    main()
