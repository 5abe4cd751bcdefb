#!/bin/sh
# Runs the load generator from the repository root: load-tests/run.sh hold|chat [options]; --help lists them.
# Build first: mvn -q -B package -DskipTests (makes chat-server/target/livechat.jar and load-tests/target/livechat-load.jar).
set -e
cd "$(dirname "$0")/.."
exec java ${LOAD_JAVA_OPTS:--Xmx2g} -jar load-tests/target/livechat-load.jar "$@"
