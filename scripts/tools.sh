#!/usr/bin/env bash
# Installs the tools Nimbus Lab builds and tests with into .tools/ (git-ignored), once.
# A machine-wide cache ($NIMBUS_TOOL_CACHE) lets a fresh clone on the same machine reuse the
# compiled binaries instead of spending ten minutes rebuilding them.
# Usage: source scripts/tools.sh; ensure_build_tools; ensure_test_tools
set -euo pipefail

NIMBUS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$NIMBUS_ROOT/.tools"
TOOL_CACHE="${NIMBUS_TOOL_CACHE:-$HOME/.cache/nimbus-lab/tools}"
TRUNK_VERSION="0.21.14"
# Must equal the wasm-bindgen version pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION="0.2.130"

export PATH="$TOOLS/bin:$NIMBUS_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# install_crate_binary NAME VERSION BINARY [cargo install flags...]
install_crate_binary() {
  local name="$1" version="$2" bin="$3"; shift 3
  local cached="$TOOL_CACHE/$bin-$version"
  mkdir -p "$TOOLS/bin"
  if [ -x "$TOOLS/bin/$bin" ] && [ -f "$TOOLS/bin/.$bin-$version" ]; then return; fi
  if [ -x "$cached" ]; then
    cp "$cached" "$TOOLS/bin/$bin"
  else
    say "Installing $name $version (first run only: compiles from crates.io, about 5 minutes)"
    cargo install "$name" --version "$version" --root "$TOOLS/build" "$@"
    cp "$TOOLS/build/bin/$bin" "$TOOLS/bin/$bin"
    mkdir -p "$TOOL_CACHE" && cp "$TOOLS/bin/$bin" "$cached" || true
  fi
  rm -f "$TOOLS/bin/.$bin-"*; touch "$TOOLS/bin/.$bin-$version"
}

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown Rust target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_npm_packages() {
  local stamp="$NIMBUS_ROOT/node_modules/.nimbus-lock"
  if [ -f "$stamp" ] && cmp -s "$stamp" "$NIMBUS_ROOT/package-lock.json"; then return; fi
  say "Installing npm packages (wasm-opt from binaryen, Playwright, axe)"
  (cd "$NIMBUS_ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  cp "$NIMBUS_ROOT/package-lock.json" "$stamp"
}

ensure_build_tools() {
  command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first" >&2; exit 1; }
  command -v npm >/dev/null || { echo "npm not found: install Node.js first" >&2; exit 1; }
  ensure_wasm_target
  install_crate_binary trunk "$TRUNK_VERSION" trunk --locked --no-default-features --features rustls
  # wasm-bindgen-cli's own lock file pins a crate the registry lacks, so no --locked here.
  install_crate_binary wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen
  ensure_npm_packages
}

ensure_test_tools() {
  ensure_build_tools
  if [ ! -x /usr/bin/chromium ]; then
    say "Installing Chromium from Debian (for the browser tests)"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}
