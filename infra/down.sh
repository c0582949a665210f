#!/usr/bin/env bash
# Stops what infra/up.sh started (Kafka, S3, maildev). Idempotent. `--wipe` also deletes their data.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
only="${1:-all}"
for svc in kafka s3 maildev; do
  { [ "$only" = "$svc" ] || [ "$only" = all ] || [ "$only" = --wipe ]; } || continue
  port_var=$(service_port $svc)
  elsewhere $svc "$port_var"
  # The test run (INFRA_OWN=1) must stop what it started, or its outage tests would test nothing.
  if [ "${INFRA_OWN:-0}" = 1 ] && ! ours $svc "$port_var" && port_open "$port_var"; then
    echo "infra: $svc on port $port_var was not started by this run; not stopping it" >&2; exit 1
  fi
done
case "$only" in
  kafka|s3|maildev) stop_pidfile "$only" ;;
  all|--wipe) stop_pidfile kafka; stop_pidfile s3; stop_pidfile maildev ;;
  *) echo "usage: infra/down.sh [all|kafka|s3|maildev|--wipe]" >&2; exit 2 ;;
esac
if [ "${1:-}" = "--wipe" ]; then rm -rf "$STATE/kafka/data" "$STATE/s3/data" "$STATE/maildev/mail"; fi
echo "infra: stopped $only"
