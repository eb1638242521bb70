#!/bin/sh
# Renders the render benchmark's 10,000 messages with discord-html-transcripts, the HTML
# transcript generator most self-hosters use, and prints its time, peak memory and page size.
#
# Run by hand, never in CI or tests:
#   cargo bench -p tickets-transcripts --bench render     # writes the messages
#   crates/tickets-transcripts/benches/peer/run.sh
#
# The npm packages are installed at run time of this script, into the Cargo target directory
# ($CARGO_TARGET_DIR, else ./target), and nothing else is downloaded: the Node script renders
# from the messages on disk with the network cut off (no images fetched).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
messages=${1:-$target/tmp/render-bench/discord-messages.json}
dir="$target/render-peer"
if [ ! -f "$messages" ]; then
    echo "no messages at $messages: run 'cargo bench -p tickets-transcripts --bench render' first" >&2
    exit 1
fi
mkdir -p "$dir"
# discord-html-transcripts 3.3.0 requires `debug` without declaring it, and its React
# components package must share its React 19.1.1 (npm would otherwise hoist React 18 for
# them, and rendering fails): hence the packages besides the two named.
if [ ! -d "$dir/node_modules/debug" ]; then
    npm install --prefix "$dir" --no-audit --no-fund \
        discord-html-transcripts@3.3.0 discord.js@14 debug@4 react@19.1.1 react-dom@19.1.1 >&2
fi
# Production React, as a bot would run it.
NODE_ENV=production NODE_PATH="$dir/node_modules" node "$here/render.cjs" "$messages" "$dir/transcript.html"
