#!/usr/bin/env bash
# Log throughput: a 256 MiB log stored through the function against a raw PUT of the same bytes to
# the same S3 server, in one run (LogThroughputBenchmark, on the burst benchmark's harness: the
# function's jar with the image's JVM flags and memory, fabric8's mock API server, a Job
# controller, s3proxy). Prints every round, the medians, the ratio and the function's RSS.
# Arguments go to Maven: -Drounds=3, -Dlog.mib=256, -Dupload.part-size=16MB,
# -Dupload.parallel-parts=4; SKIP_BUILD=true measures the jar built already.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ "${SKIP_BUILD:-}" != "true" ]; then
  ./mvnw -B -q -pl function package -DskipTests -DskipImage
fi
exec ./mvnw -B -q -f benchmarks/pom.xml compile exec:java \
  -Dbenchmark=dev.jobrunner.benchmarks.LogThroughputBenchmark "$@"
