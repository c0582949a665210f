#!/usr/bin/env bash
# Stops what infra/up.sh started. Idempotent. `--wipe` also deletes their data.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
only="${1:-all}"
case "$only" in
  kafka|s3) stop_pidfile "$only" ;;
  all|--wipe) stop_pidfile kafka; stop_pidfile s3 ;;
  *) echo "usage: infra/down.sh [all|kafka|s3|--wipe]" >&2; exit 2 ;;
esac
if [ "${1:-}" = "--wipe" ]; then rm -rf "$STATE/kafka/data" "$STATE/s3/data"; fi
echo "infra: stopped $only"
