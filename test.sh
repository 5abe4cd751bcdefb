#!/usr/bin/env bash
# Runs the whole test suite: unit tests (Surefire) and integration tests (Failsafe) against real embedded
# Redis and PostgreSQL, plus the real-browser tests in Debian's Chromium and the load-balancer tests behind
# Debian's HAProxy and nginx, which this script installs when they are missing and it may (root with apt-get).
# Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  missing+=(chromium chromium-driver)
fi
[ -x /usr/sbin/haproxy ] || missing+=(haproxy)
[ -x /usr/sbin/nginx ] || missing+=(nginx)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} for the browser and load-balancer tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
      || echo "could not install ${missing[*]}: the tests that need them will be skipped"
  else
    echo "${missing[*]} not found and cannot install: the tests that need them will be skipped"
  fi
fi

exec mvn -B verify "$@"
