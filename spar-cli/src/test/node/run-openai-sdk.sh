#!/usr/bin/env bash
# Runs the official `openai` Node.js SDK against `spar serve` on 127.0.0.1 (called by .ci/run after the build):
# installs the SDK into a throwaway folder, starts the server on the tiny fixture model, runs openai-sdk.mjs, then
# stops the server with SIGTERM and checks that it shut down cleanly.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
here="$root/spar-cli/src/test/node"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent openai@^4 >/dev/null)
cp "$here/openai-sdk.mjs" "$work/"

"$root/bin/spar" serve --model "$root/spar-test-support/fixtures/tiny-llama" --device cpu --port 0 \
  >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 240); do
  grep -q "^serving " "$work/serve.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.5
done
url="$(sed -n 's/^serving .* on \(http:[^ ]*\) .*/\1/p' "$work/serve.out")"
[[ -n "$url" ]] || { echo "spar serve did not start" >&2; cat "$work/serve.err" >&2; exit 1; }

node "$work/openai-sdk.mjs" "$url"

kill -TERM "$server_pid"
rc=0
wait "$server_pid" || rc=$?
server_pid=""
# the JVM exits with 128 + SIGTERM after its shutdown hook (which finishes running requests) has run
if [[ $rc -ne 143 ]] || ! grep -q "finishing running requests" "$work/serve.err"; then
  echo "spar serve did not shut down cleanly (exit $rc)" >&2
  tail -20 "$work/serve.err" >&2
  exit 1
fi
