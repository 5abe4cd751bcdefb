#!/usr/bin/env bash
# Heap histogram of live objects in a server holding idle connections: runs
#   load-tests/run.sh hold --connections N --transport ws --settle 40 --hold 30
# from the checkout it is started in, takes `jmap -histo:live` of the server process 70 s in (connections open and
# settled), and writes it to OUT (the run's own output to OUT.log). Compare two builds' OUT files: the "Total"
# line's difference divided by N is the heap each connection costs, class by class above it.
# Usage: load-tests/histo-hold.sh OUT [N]   (build first: mvn -q -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1
n=${2:-10000}
load-tests/run.sh hold --connections "$n" --transport ws --settle 40 --hold 30 > "$out.log" 2>&1 &
run=$!
sleep 70
jmap -histo:live "$(pgrep -f 'livechat.jar run' | head -1)" > "$out"
wait "$run"
grep Total "$out"
