# Shared helpers for infra/up.sh and infra/down.sh.
# INFRA_STATE picks the state folder (default .infra/, gitignored): jars, data, logs and the pid files
# of what this folder's scripts started. The test run uses its own folder and ports (scripts/test.sh),
# so it never meets a developer's own Kafka or S3 server.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${INFRA_STATE:-$ROOT/.infra}"
JARS="$ROOT/.infra/jars"
LOGS="$STATE/logs"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
S3_PORT="${S3_PORT:-9090}"
mkdir -p "$LOGS"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True when the pid file names a live process: the server on the port is one these scripts started.
ours() { # name
  local pidfile="$STATE/$1.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

wait_for() { # name, seconds, command...
  local name=$1 secs=$2; shift 2
  for _ in $(seq 1 "$((secs * 2))"); do "$@" && return 0; sleep 0.5; done
  echo "infra: $name did not become healthy in ${secs}s; see $LOGS" >&2
  return 1
}

# Resolves a component's jars with Maven once (shared by every state folder); a marker makes later
# runs instant and offline.
resolve_jars() { # component
  local dir="$JARS/$1"
  [ -f "$dir/.complete" ] && return 0
  echo "infra: resolving $1 jars from Maven Central (first run only)..."
  command -v mvn >/dev/null || { echo "infra: Maven (mvn) and Java 17 are needed to fetch $1; install them (apt-get install maven openjdk-17-jdk-headless)" >&2; return 1; }
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
