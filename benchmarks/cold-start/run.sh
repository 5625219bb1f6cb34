#!/usr/bin/env bash
# Cold start, plain `java -jar` against the image's JVM and layout: builds the Boot jar and the
# image tarball (on an empty base, as the README's offline image build), then runs
# ColdStartBenchmark.java with the function's test classes (mock API server, s3proxy) on its class
# path. Prints every run, medians, min/max, RSS and the ratio. RUNS=5 by default; SKIP_BUILD=true
# measures what is built already; --compare=OTHER.tar measures an older image tarball in place of
# java -jar (to judge a change to the image).
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
runs=${RUNS:-5}
classpath_file="$PWD/function/target/cold-start-classpath.txt"

if [ "${SKIP_BUILD:-}" != "true" ]; then
  ./mvnw -B -q -pl function -DskipTests package jib:buildTar -Djib.from.image=scratch
fi
./mvnw -B -q -pl function dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$classpath_file"

version=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -1)
exec "$JAVA_HOME/bin/java" \
  -cp "function/target/test-classes:function/target/classes:$(cat "$classpath_file")" \
  benchmarks/cold-start/ColdStartBenchmark.java \
  --runs="$runs" \
  --java="$JAVA_HOME/bin/java" \
  --jar="function/target/job-runner-$version.jar" \
  --tarball=function/target/jib-image.tar \
  "$@"
