#!/usr/bin/env bash
# Runs the whole Prequel pipeline on this machine: an embedded Kafka broker and S3 server, the five services
# as separate JVMs, the sample dataset dropped into the landing bucket. Ctrl-C stops every process it started.
set -euo pipefail
cd "$(dirname "$0")"

jar=local-stack/target/local-stack-0.1.0-SNAPSHOT.jar
missing=false
for m in ingest-service preprocess-service trainer-service evaluator-service serving-service; do
  [ -f "$m/target/quarkus-app/quarkus-run.jar" ] || missing=true
done
[ -f "$jar" ] || missing=true
if $missing; then
  # The first build takes minutes: show each module as Maven starts it; the whole log goes to .local-run/.
  echo "[prequel] building (first run only; full log in .local-run/build.log) ..."
  mkdir -p .local-run
  ./mvnw -B install -DskipTests 2>&1 | tee .local-run/build.log \
    | grep --line-buffered -E '^\[INFO\] Building Prequel|BUILD (SUCCESS|FAILURE)|^\[ERROR\]' \
    | sed -u -e 's/^\[INFO\] Building /[prequel]   /' -e 's/ 0\.1\.0-SNAPSHOT//' -e 's/^\[INFO\] /[prequel] /'
fi

export DJL_OFFLINE=true OMP_WAIT_POLICY=PASSIVE
# glibc keeps libtorch's large buffers between forward passes instead of faulting them in again (2-4x faster).
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456
mkdir -p .local-run
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlogback.configurationFile=local-stack/local-run-logback.xml \
  -cp "$jar:local-stack/target/lib/*" \
  dev.prequel.localstack.LocalRunMain "$@"
