#!/usr/bin/env bash
# Training throughput, the trainer's loop against a bare DJL loop:
#   ./benchmarks/run-training.sh [--models cnn,resnet18] [--rounds N] [--warmup N] [--batch N]
#                                [--cnn-images N] [--resnet-images N]
# Builds the module (and what it needs) if missing, then runs the driver; results land in
# benchmarks/target/training-throughput.json. libtorch gets 2 intra-op threads, as the trainer's default.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ ! -f "$here/target/classpath.txt" ]]; then
  (cd "$here/.." && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
fi
cd "$here"
export DJL_OFFLINE=true OMP_WAIT_POLICY=PASSIVE
# glibc keeps libtorch's large buffers between forward passes instead of faulting them in again (2-4x faster).
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456
exec java -XX:+UseParallelGC -Dai.djl.pytorch.num_threads="${ENGINE_THREADS:-2}" \
  -cp "target/classes:$(cat target/classpath.txt)" dev.prequel.benchmarks.training.TrainingThroughput \
  --out target "$@"
