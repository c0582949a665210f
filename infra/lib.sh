# Shared helpers for infra/up.sh and infra/down.sh.
# INFRA_STATE picks the state folder (default .infra/, gitignored): jars, data, logs and the pid files
# of what this folder's scripts started. The test run uses its own folder and ports (scripts/test.sh),
# so it never meets a developer's own Kafka or S3 server.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# A relative INFRA_STATE is taken from the repository root, wherever the caller runs (tests run in projects).
STATE=$(cd "$ROOT" && realpath -m "${INFRA_STATE:-.infra}")
JARS="$ROOT/.infra/jars"
LOGS="$STATE/logs"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
S3_PORT="${S3_PORT:-9090}"
# The mail catcher (maildev): SMTP where the apps send, and its inbox (web page and HTTP API).
SMTP_PORT="${SMTP_PORT:-1025}"
MAIL_UI_PORT="${MAIL_UI_PORT:-1080}"
mkdir -p "$LOGS"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The port a service's pid file records: Kafka and S3 by their own, maildev by its SMTP port.
service_port() { # name
  case "$1" in kafka) echo "$KAFKA_PORT" ;; s3) echo "$S3_PORT" ;; maildev) echo "$SMTP_PORT" ;; esac
}

# A pid file holds "pid port" of a server these scripts started from this state folder.
# A live pid is not enough: after a reboot or a crash the pid may belong to another process by now,
# which must be neither taken for our server nor stopped. Ours names its folder on its command line.
started_pid() { # name: the live pid, or nothing
  local pidfile="$STATE/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  read -r pid _ <"$pidfile"
  case "$(ps -ww -o args= -p "$pid" 2>/dev/null)" in
    *"$STATE/$1/"*) echo "$pid" ;;
  esac
}
started_port() { # name
  local port=""
  [ -f "$STATE/$1.pid" ] && read -r _ port <"$STATE/$1.pid"
  echo "$port"
}

# True when the server on the port is one these scripts started: its pid is alive and it was started
# on this very port (pid files from before ports were recorded hold none: taken as this port).
ours() { # name, port
  local port
  port=$(started_port "$1")
  [ -n "$(started_pid "$1")" ] && { [ -z "$port" ] || [ "$port" = "$2" ]; }
}

# This state folder's server already runs on another port: starting a second one on the same data, or
# stopping it for a run that asked about another port, would be wrong either way.
elsewhere() { # name, port
  if [ -n "$(started_pid "$1")" ] && ! ours "$1" "$2"; then
    echo "infra: the $1 of $STATE runs on port $(started_port "$1"), not $2; use that port, or stop it with infra/down.sh $1 and the same INFRA_STATE and port" >&2
    return 1
  fi
}

record_pid() { # name, pid, port
  echo "$2 $3" >"$STATE/$1.pid"
}

# True once the server a pid file names answers on its port; a server that exited ends the wait at once.
serving() { # name, port
  ours "$1" "$2" || { echo "infra: $1 exited while starting; see $LOGS/$1.log" >&2; exit 1; }
  port_open "$2"
}

wait_for() { # name, seconds, command...
  local name=$1 secs=$2; shift 2
  for _ in $(seq 1 "$((secs * 2))"); do "$@" && return 0; sleep 0.5; done
  echo "infra: $name did not become healthy in ${secs}s; see $LOGS" >&2
  return 1
}

need_java() { # component
  command -v java >/dev/null || { echo "infra: Java 17 (java) is needed to run $1; install it (apt-get install openjdk-17-jre-headless)" >&2; return 1; }
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
  local pid; pid=$(started_pid "$1")
  if [ -n "$pid" ]; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
