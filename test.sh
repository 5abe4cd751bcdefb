#!/usr/bin/env bash
# Runs the whole test suite: unit tests (Surefire) and integration tests (Failsafe) against real embedded
# Redis and PostgreSQL, plus the real-browser tests in Debian's Chromium, which this script installs when it
# is missing and it may (root with apt-get). Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium and chromium-driver for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
      || echo "could not install chromium: the browser tests will be skipped"
  else
    echo "chromium not found and cannot install it: the browser tests will be skipped"
  fi
fi

exec mvn -B verify "$@"
