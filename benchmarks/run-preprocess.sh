#!/usr/bin/env bash
# Preprocessing throughput: ./benchmarks/run-preprocess.sh [zip] [--rounds N] [--warmup N]
# Builds the module (and what it needs) if missing, then runs the driver; results land in benchmarks/target/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
args=()
for a in "$@"; do
  if [[ -f "$a" ]]; then args+=("$(cd "$(dirname "$a")" && pwd)/$(basename "$a")"); else args+=("$a"); fi
done
if [[ ! -f "$here/target/classpath.txt" ]]; then
  (cd "$here/.." && ./mvnw -q -B -pl benchmarks -am install -DskipTests)
fi
cd "$here"
exec java -XX:+UseParallelGC -cp "target/classes:$(cat target/classpath.txt)" dev.prequel.benchmarks.PreprocessThroughput \
  --out target ${args[@]+"${args[@]}"}
