#!/usr/bin/env bash
# Starts Apache Kafka (KRaft, single node), the S3-compatible server and the mail catcher (maildev) if they
# are not already running.
# Idempotent: a service these scripts started and that still runs is left alone. A port held by a server
# they did not start is used as it is (a developer's own Kafka or S3), unless INFRA_OWN=1 (the test run,
# whose outage tests stop and start its servers): then it is an error naming the port.
# MariaDB is expected at DATABASE_URL.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
only="${1:-all}"

# The test run's port held by a process it did not start: say which, and how to move the run elsewhere.
taken() { # name, port
  echo "infra: port $2 ($1 for this run) is taken by a process these scripts did not start; stop it, or pick other ports (npm test: TEST_KAFKA_PORT / TEST_S3_PORT / TEST_SMTP_PORT / TEST_MAIL_UI_PORT)" >&2
}

start_kafka() {
  if ours kafka "$KAFKA_PORT"; then echo "infra: kafka already running on 127.0.0.1:$KAFKA_PORT"; return; fi
  elsewhere kafka "$KAFKA_PORT"
  if port_open "$KAFKA_PORT"; then
    if [ "${INFRA_OWN:-0}" = 1 ]; then
      taken kafka "$KAFKA_PORT"; return 1
    fi
    echo "infra: kafka already on 127.0.0.1:$KAFKA_PORT (not started by us: left alone)"; return
  fi
  if [ "${INFRA_OWN:-0}" = 1 ] && port_open "$KAFKA_CONTROLLER_PORT"; then taken "kafka's controller" "$KAFKA_CONTROLLER_PORT"; return 1; fi
  need_java kafka
  resolve_jars kafka
  local dir="$STATE/kafka"; mkdir -p "$dir"
  sed -e "s|@DATA@|$dir/data|" -e "s|@PORT@|$KAFKA_PORT|g" -e "s|@CPORT@|$KAFKA_CONTROLLER_PORT|g" \
    "$ROOT/infra/kafka/server.properties" >"$dir/server.properties"
  if [ ! -f "$dir/data/meta.properties" ]; then
    java -cp "$JARS/kafka/*" -Dlog4j.configuration="file:$ROOT/infra/kafka/log4j.properties" \
      kafka.tools.StorageTool format -t "$(cat /proc/sys/kernel/random/uuid | tr -d - | head -c 22)" \
      -c "$dir/server.properties" >>"$LOGS/kafka.log" 2>&1
  fi
  # A modest heap: the broker shares a 2-core machine with the services and the tests.
  nohup java -Xms128m -Xmx384m -XX:+UseSerialGC -cp "$JARS/kafka/*" \
    -Dlog4j.configuration="file:$ROOT/infra/kafka/log4j.properties" \
    kafka.Kafka "$dir/server.properties" >>"$LOGS/kafka.log" 2>&1 &
  record_pid kafka $! "$KAFKA_PORT"
  wait_for kafka 90 serving kafka "$KAFKA_PORT"
  echo "infra: kafka up on 127.0.0.1:$KAFKA_PORT (log: $LOGS/kafka.log)"
}

start_s3() {
  if ours s3 "$S3_PORT"; then echo "infra: s3 already running on 127.0.0.1:$S3_PORT"; return; fi
  elsewhere s3 "$S3_PORT"
  if port_open "$S3_PORT"; then
    if [ "${INFRA_OWN:-0}" = 1 ]; then
      taken s3 "$S3_PORT"; return 1
    fi
    echo "infra: s3 already on 127.0.0.1:$S3_PORT (not started by us: left alone)"; return
  fi
  need_java s3
  resolve_jars s3
  mkdir -p "$STATE/s3/data"
  nohup java -Xms64m -Xmx256m -XX:+UseSerialGC -cp "$JARS/s3/*" \
    -Dcom.adobe.testing.s3mock.store.root="$STATE/s3/data" \
    -Dcom.adobe.testing.s3mock.store.retain-files-on-exit=true \
    -Dcom.adobe.testing.s3mock.store.initial-buckets=greencommerce \
    -Dserver.port=0 -Dcom.adobe.testing.s3mock.http-port="$S3_PORT" \
    -Dserver.address=127.0.0.1 -Dlogging.level.root=WARN \
    com.adobe.testing.s3mock.S3MockApplication >>"$LOGS/s3.log" 2>&1 &
  record_pid s3 $! "$S3_PORT"
  wait_for s3 90 serving s3 "$S3_PORT"
  echo "infra: s3 up on http://127.0.0.1:$S3_PORT (log: $LOGS/s3.log)"
}

# maildev is a Node program from the repository's devDependencies: Node 20+ runs it, or else the repository's Bun.
mail_runtime() {
  if command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 20 ]; then
    command -v node
  else
    echo "$ROOT/node_modules/.bin/bun"
  fi
}

# The inbox port answers once maildev's web server is up; a maildev that exited ends the wait at once.
inbox_serving() {
  ours maildev "$SMTP_PORT" || { echo "infra: maildev exited while starting; see $LOGS/maildev.log" >&2; exit 1; }
  port_open "$MAIL_UI_PORT"
}

start_maildev() {
  if ours maildev "$SMTP_PORT"; then echo "infra: maildev already running (SMTP 127.0.0.1:$SMTP_PORT, inbox http://127.0.0.1:$MAIL_UI_PORT)"; return; fi
  elsewhere maildev "$SMTP_PORT"
  if port_open "$SMTP_PORT"; then
    if [ "${INFRA_OWN:-0}" = 1 ]; then
      taken "maildev's SMTP" "$SMTP_PORT"; return 1
    fi
    echo "infra: an SMTP server is already on 127.0.0.1:$SMTP_PORT (not started by us: left alone)"; return
  fi
  if port_open "$MAIL_UI_PORT"; then taken "maildev's inbox" "$MAIL_UI_PORT"; return 1; fi
  local bin="$ROOT/node_modules/maildev/dist/bin/maildev.js"
  [ -f "$bin" ] || { echo "infra: maildev is not installed; run npm ci" >&2; return 1; }
  # Mail kept on disk (bounded), so what arrived before an SMTP restart (the outage tests) is still listed.
  local dir="$STATE/maildev" runtime; mkdir -p "$dir/mail"
  # Resolved before the fork: the pid file must name the process that becomes maildev straight away.
  runtime=$(mail_runtime)
  nohup "$runtime" "$bin" --smtp "$SMTP_PORT" --ip 127.0.0.1 --web "$MAIL_UI_PORT" --web-ip 127.0.0.1 \
    --mail-directory "$dir/mail" --max-emails "${MAIL_MAX_EMAILS:-5000}" >>"$LOGS/maildev.log" 2>&1 &
  record_pid maildev $! "$SMTP_PORT"
  wait_for maildev 60 serving maildev "$SMTP_PORT"
  wait_for "maildev's inbox" 30 inbox_serving
  echo "infra: maildev up: SMTP 127.0.0.1:$SMTP_PORT, inbox http://127.0.0.1:$MAIL_UI_PORT (log: $LOGS/maildev.log)"
}

case "$only" in
  kafka) start_kafka ;;
  s3) start_s3 ;;
  maildev) start_maildev ;;
  # All are waited for, so a failure of one is not followed by another's output after the run gave up.
  all)
    start_kafka & k=$!; start_s3 & s=$!; start_maildev & m=$!
    rc=0; wait $k || rc=1; wait $s || rc=1; wait $m || rc=1; exit $rc ;;
  *) echo "usage: infra/up.sh [all|kafka|s3|maildev]" >&2; exit 2 ;;
esac
