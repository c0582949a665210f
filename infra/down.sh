#!/usr/bin/env bash
# Stops what infra/up.sh started (Kafka, S3, maildev). Idempotent. `--wipe` also deletes their data.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# Names one or more services (kafka s3 maildev); none, `all` or `--wipe` means every one.
want=()
wipe=0
for arg in "${@:-all}"; do
  case "$arg" in
    kafka|s3|maildev) want+=("$arg") ;;
    all) want=(kafka s3 maildev) ;;
    --wipe) wipe=1; want=(kafka s3 maildev) ;;
    *) echo "usage: infra/down.sh [all|--wipe|kafka|s3|maildev ...]" >&2; exit 2 ;;
  esac
done
for svc in "${want[@]}"; do
  port_var=$(service_port $svc)
  elsewhere $svc "$port_var"
  # The test run (INFRA_OWN=1) must stop what it started, or its outage tests would test nothing.
  if [ "${INFRA_OWN:-0}" = 1 ] && ! ours $svc "$port_var" && port_open "$port_var"; then
    echo "infra: $svc on port $port_var was not started by this run; not stopping it" >&2; exit 1
  fi
done
for svc in "${want[@]}"; do stop_pidfile "$svc"; done
if [ "$wipe" = 1 ]; then rm -rf "$STATE/kafka/data" "$STATE/s3/data" "$STATE/maildev/mail"; fi
echo "infra: stopped ${want[*]}"
