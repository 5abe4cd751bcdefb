#!/usr/bin/env bash
# Runs the whole test suite: unit tests (Surefire) and integration tests (Failsafe) against real embedded
# Redis and PostgreSQL, plus the real-browser tests in Debian's Chromium and the load-balancer tests behind
# Debian's HAProxy and nginx and the Redis Cluster tests on Debian's redis-server, which this script installs when
# they are missing and it may (root with apt-get). Without redis-server the Redis Cluster tests fail rather than skip.
# Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  missing+=(chromium chromium-driver)
fi
[ -x /usr/sbin/haproxy ] || missing+=(haproxy)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# redis-server brings redis-cli (redis-tools); its own init service is not used, the tests start their own processes
{ [ -x /usr/bin/redis-server ] && [ -x /usr/bin/redis-cli ]; } || missing+=(redis-server)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} for the browser, load-balancer and Redis Cluster tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
      || echo "could not install ${missing[*]}: the tests that need them will fail"
    # the package starts its own daemon on 6379 where an init system lets it; the tests never use it
    if [[ " ${missing[*]} " == *" redis-server "* ]]; then
      service redis-server stop >/dev/null 2>&1 || true
    fi
  else
    echo "${missing[*]} not found and cannot install: the tests that need them will fail"
  fi
fi

exec mvn -B verify "$@"
