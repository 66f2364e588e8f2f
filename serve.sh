#!/usr/bin/env bash
# Builds Nimbus Lab and serves it on http://127.0.0.1:8080 (installs its tools on the first run).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/tools.sh
ensure_build_tools
PORT="${PORT:-8080}"
say "Building and serving Nimbus Lab at http://127.0.0.1:$PORT/ (Ctrl-C stops)"
exec trunk serve --release --offline --address 127.0.0.1 --port "$PORT"
