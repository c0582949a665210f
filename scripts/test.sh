#!/usr/bin/env bash
# `npm test`: starts the real infrastructure (Kafka, S3, maildev) if needed, then lints, typechecks and tests
# every project against real MariaDB, Kafka and S3. Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH" NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=true

# The suite's own Kafka, S3 and mail catcher, in their own state folder and on their own ports, so that a developer's
# servers on 9092/9090 are never used, stopped or wiped by the outage tests.
export INFRA_STATE="$PWD/.infra/test" INFRA_OWN=1
export KAFKA_PORT="${TEST_KAFKA_PORT:-19092}" S3_PORT="${TEST_S3_PORT:-19090}"
export SMTP_PORT="${TEST_SMTP_PORT:-19025}" MAIL_UI_PORT="${TEST_MAIL_UI_PORT:-19080}"
export TEST_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" TEST_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
export TEST_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" TEST_MAILDEV_URL="http://127.0.0.1:$MAIL_UI_PORT"

if ! bash infra/up.sh; then
  echo "test infrastructure did not start: see the lines above (logs in $INFRA_STATE/logs)"
  echo "0 passed, 1 failed"
  exit 1
fi

log=$(mktemp)
# nx.json runs lint and typecheck two at a time, and each test target alone (parallelism: false): the
# outage tests stop and restart the run's broker and S3 server, which every other suite uses.
nx run-many -t lint typecheck test --outputStyle=stream 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# bun test closes each project with " N pass" and " N fail" (coloured): add them up.
plain=$(sed -E 's/\x1b\[[0-9;]*m//g' "$log")
passed=$(grep -oE '^[a-z-]+: +[0-9]+ pass$' <<<"$plain" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
failed=$(grep -oE '^[a-z-]+: +[0-9]+ fail$' <<<"$plain" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
# A failed lint or typecheck task (or a crash) counts as one failure even when every test passed.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
# Repeat each failed test, with the lines bun printed before it, at the end: CI keeps only the output's tail.
# bun marks a failed test with ✗ when its output is not a terminal (nx's stream), (fail) when it is.
failure='^[a-z-]+: +(✗|\(fail\))'
if grep -qE "$failure" <<<"$plain"; then
  echo "failed tests:"
  grep -B 12 -E "$failure" <<<"$plain" | grep -vE '\(pass\)|✓' | tail -n 80
fi
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
