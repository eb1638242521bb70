"""Runs one client library's smoke bot against a fresh simulator and checks what it did.

Starts `tickets sim` on a free loopback port (the simulator picks it), starts the bot
(discordpy_smoke.py or discordjs_smoke.js), runs /ping as the demo user alice once the bot has
registered it, then checks the answer, the channel the bot created and the simulator's request
log (no 4xx or 5xx), and stops everything. Prints one closing line; exits non-zero on failure.
Bounded in time.

Usage: run_smoke.py discordpy|discordjs [TICKETS_BINARY]
  TICKETS_BINARY defaults to the debug build (built first). The discord.js bot finds the
  library through NODE_PATH.
"""

import json
import os
import queue
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
TIME_LIMIT = 90
# What each bot is started with, what it answers and the channel it creates.
CLIENTS = {
    "discordpy": ("discord.py", [sys.executable, str(HERE / "discordpy_smoke.py")],
                  "pong from discord.py", "discordpy-smoke"),
    "discordjs": ("discord.js", ["node", str(HERE / "discordjs_smoke.js")],
                  "pong from discord.js", "discordjs-smoke"),
}


class Failed(Exception):
    pass


def lines_of(process: subprocess.Popen) -> "queue.Queue[str]":
    """Reads a process's stdout on a thread, so that waiting for a line can time out."""
    lines: "queue.Queue[str]" = queue.Queue()

    def pump() -> None:
        for line in process.stdout:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    return lines


def wait_for(lines: "queue.Queue[str]", prefix: str, deadline: float, what: str) -> str:
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Failed(f"timed out waiting for {what}")
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            continue
        if line.startswith(prefix):
            return line


def call(method: str, url: str, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=15) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def tickets_binary() -> Path:
    if len(sys.argv) > 2:
        return Path(sys.argv[2])
    subprocess.run(["cargo", "build", "--quiet", "--locked", "-p", "tickets"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "debug" / "tickets"


def stop(process) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def smoke(client: str, binary: Path) -> None:
    _, command, answer, channel_name = CLIENTS[client]
    deadline = time.monotonic() + TIME_LIMIT
    sim = bot = None
    try:
        sim = subprocess.Popen([str(binary), "sim", "--listen", "127.0.0.1:0"],
                               stdout=subprocess.PIPE, text=True)
        line = wait_for(lines_of(sim), "Discord simulator listening on ", deadline,
                        "the simulator to start")
        base = line.rsplit(" ", 1)[-1]
        state = call("GET", f"{base}/_sim/state")
        guild = state["guilds"][0]
        alice = next(u["id"] for u in state["users"] if u["username"] == "alice")
        general = next(c["id"] for c in guild["channels"] if c["name"] == "general")

        bot = subprocess.Popen([*command, base], stdout=subprocess.PIPE, text=True)
        bot_lines = lines_of(bot)
        wait_for(bot_lines, "registered /ping", deadline, "the bot to register /ping")

        act = call("POST", f"{base}/_sim/act/command",
                   {"channel_id": general, "user_id": alice, "name": "ping"})
        response = act.get("response") or {}
        if act.get("error") or response.get("data", {}).get("content") != answer:
            raise Failed(f"/ping was not answered as expected: {act}")

        try:
            code = bot.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise Failed("the bot did not finish in time") from None
        if code != 0:
            raise Failed(f"the bot exited with {code}")

        channels = call("GET", f"{base}/_sim/guilds/{guild['id']}/channels")
        if not any(c["name"] == channel_name for c in channels):
            raise Failed(f"no #{channel_name} in the guild")
        refused = [r for r in call("GET", f"{base}/_sim/requests?after=0") if r["status"] >= 400]
        if refused:
            raise Failed(f"the simulator refused requests: {refused}")
    finally:
        stop(bot)
        stop(sim)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in CLIENTS:
        print("usage: run_smoke.py discordpy|discordjs [TICKETS_BINARY]", file=sys.stderr)
        sys.exit(2)
    client = sys.argv[1]
    library = CLIENTS[client][0]
    try:
        smoke(client, tickets_binary())
    except (Failed, OSError, subprocess.CalledProcessError, KeyError, StopIteration) as error:
        print(f"{library} smoke test: FAILED: {type(error).__name__}: {error}", flush=True)
        sys.exit(1)
    print(f"{library} smoke test: passed (login, member chunks, /ping answered, channel created)",
          flush=True)


if __name__ == "__main__":
    main()
