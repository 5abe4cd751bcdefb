#!/usr/bin/env bash
# Builds the project when its sources changed, then starts every role in one process: visitor gateway on
# :8080, agent server on :8081, embedded Redis and PostgreSQL keeping their data in ./data. Arguments go to
# the launcher, e.g. ./run.sh --set CHAT_GATEWAY_PORT=9090, or ./run.sh gateway --node-id gw-2.
set -euo pipefail
cd "$(dirname "$0")"

JAR=chat-server/target/livechat.jar
if [ ! -f "$JAR" ] || [ -n "$(find pom.xml */pom.xml */src -newer "$JAR" -type f -print -quit)" ]; then
  echo "building (first run or sources changed)..."
  mvn -B -q -DskipTests -pl chat-server -am install
fi
exec java ${JAVA_OPTS:-} -jar "$JAR" "$@"
