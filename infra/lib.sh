# Shared helpers for infra/up.sh and infra/down.sh. Everything lives under .infra/ (gitignored).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.infra"
LOGS="$STATE/logs"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
S3_PORT="${S3_PORT:-9090}"
mkdir -p "$LOGS"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # name, seconds, command...
  local name=$1 secs=$2; shift 2
  for _ in $(seq 1 "$((secs * 2))"); do "$@" && return 0; sleep 0.5; done
  echo "infra: $name did not become healthy in ${secs}s; see $LOGS" >&2
  return 1
}

# Resolves a component's jars with Maven once; a marker makes later runs instant and offline.
resolve_jars() { # component
  local dir="$STATE/$1/libs"
  [ -f "$dir/.complete" ] && return 0
  echo "infra: resolving $1 jars from Maven Central (first run only)..."
  rm -rf "$dir"
  mvn -q -B -f "$ROOT/infra/$1/pom.xml" dependency:copy-dependencies -DoutputDirectory="$dir" >"$LOGS/$1-maven.log" 2>&1 \
    || { echo "infra: maven failed for $1, see $LOGS/$1-maven.log" >&2; return 1; }
  touch "$dir/.complete"
}

stop_pidfile() { # name
  local pidfile="$STATE/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
