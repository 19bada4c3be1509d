#!/usr/bin/env bash
# Restart-to-assignment after a SIGKILL: ./benchmarks/run-restart.sh [--service trainer-service]
# Builds the repository if missing, then runs the driver; the table lands in benchmarks/target/restart-to-assignment.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [[ ! -f "$root/trainer-service/target/quarkus-app/quarkus-run.jar" || ! -f "$here/target/classpath.txt" ]]; then
  (cd "$root" && ./mvnw -q -B install -DskipTests)
fi
cd "$here"
export DJL_OFFLINE=true OMP_WAIT_POLICY=PASSIVE
# glibc keeps libtorch's large buffers between forward passes instead of faulting them in again (2-4x faster).
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456
exec java -XX:+UseSerialGC -cp "target/classes:$(cat target/classpath.txt)" \
  dev.prequel.benchmarks.restart.RestartToAssignment --out target "$@"
