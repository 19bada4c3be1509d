#!/usr/bin/env bash
# A model line fed a stream of drops on the whole local pipeline:
#   ./benchmarks/run-line-stream.sh [--zip Z] [--drops N] [--model M] [--set key=value]...
# Builds the repository (services included) if missing, then runs the driver; results land in benchmarks/target/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
args=()
for a in "$@"; do
  if [[ -f "$a" ]]; then args+=("$(cd "$(dirname "$a")" && pwd)/$(basename "$a")"); else args+=("$a"); fi
done
missing=false
for m in ingest-service preprocess-service trainer-service evaluator-service serving-service; do
  [[ -f "$root/$m/target/quarkus-app/quarkus-run.jar" ]] || missing=true
done
[[ -f "$here/target/classpath.txt" ]] || missing=true
if $missing; then
  (cd "$root" && ./mvnw -q -B install -DskipTests)
fi
cd "$here"
export DJL_OFFLINE=true OMP_WAIT_POLICY=PASSIVE
# glibc keeps libtorch's large buffers between forward passes instead of faulting them in again (2-4x faster).
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456
exec java -XX:+UseSerialGC -cp "target/classes:$(cat target/classpath.txt)" dev.prequel.benchmarks.stream.LineStream \
  --out target ${args[@]+"${args[@]}"}
