# shellcheck shell=bash
# Shared helpers for bin/up, bin/down and bin/test. Sourced, never executed.
# Every function either succeeds or exits the calling script with a message that says what to do.

SB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SB_ROOT

# name:port of every service, in start order (account-service first: the others call it).
# shellcheck disable=SC2034 # used by the scripts that source this file
SB_SERVICES=(account-service:8081 message-service:8082 group-service:8083 callback-service:8084)

SB_PG_HOST=127.0.0.1
SB_PG_PORT=5432
SB_REDIS_HOST=127.0.0.1
SB_REDIS_PORT=6379

sb_log() { printf '==> %s\n' "$*" >&2; }
sb_die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
sb_is_root() { [ "$(id -u)" -eq 0 ]; }

# .run/ holds pids, logs and local secrets; it is git-ignored.
sb_run_dir() {
  mkdir -p "$SB_ROOT/.run"
  printf '%s\n' "$SB_ROOT/.run"
}

# Installs Debian packages when we are root; otherwise tells the user the one command to run.
sb_apt_install() {
  if ! sb_is_root; then
    sb_die "missing packages: $*. Run: sudo sh -c 'apt-get update && apt-get install -y $*'"
  fi
  command -v apt-get >/dev/null 2>&1 || sb_die "missing packages ($*) and no apt-get to install them"
  sb_log "installing $* with apt-get"
  # A failed 'update' (e.g. offline mirror) should not hide a package that is already in the cache.
  DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}

# ---------------------------------------------------------------------------------------------- JDK

# Prints the major version of a java binary ("1.8.0_x" -> 8, "21.0.2" -> 21, "25" -> 25), or nothing.
sb_java_major() {
  local java="$1" v
  [ -x "$java" ] || return 0
  v=$("$java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)
  v=${v#1.}
  printf '%s\n' "${v%%[.+-]*}"
}

# Exports JAVA_HOME (and PATH) for a JDK >= 21: the default java on Debian 12 is 17, which Quarkus 3.31 refuses.
sb_pick_jdk() {
  local best="" best_major=0 dir major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(sb_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then best=$JAVA_HOME; best_major=$major; fi
  fi
  if [ -z "$best" ]; then
    for dir in /usr/lib/jvm/*/; do
      dir=${dir%/}
      [ -x "$dir/bin/javac" ] || continue # a JRE cannot build
      major=$(sb_java_major "$dir/bin/java")
      if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
        best=$(readlink -f "$dir"); best_major=$major
      fi
    done
  fi
  if [ -z "$best" ]; then
    if sb_is_root; then
      sb_log "no JDK >= 21 found; trying apt-get install openjdk-21-jdk-headless"
      if (sb_apt_install openjdk-21-jdk-headless) && [ -x /usr/lib/jvm/java-21-openjdk-amd64/bin/java ]; then
        best=/usr/lib/jvm/java-21-openjdk-amd64; best_major=21
      else
        sb_die "no JDK >= 21 found and openjdk-21-jdk-headless is not installable here (Debian 12 ships only 17).
Install a JDK 21+ (e.g. Temurin from https://adoptium.net/installation/linux/) under /usr/lib/jvm or set JAVA_HOME to it."
      fi
    else
      sb_die "no JDK >= 21 found (looked at JAVA_HOME and /usr/lib/jvm/*). Set JAVA_HOME to a JDK 21+, or run: sudo apt-get install -y openjdk-21-jdk-headless"
    fi
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  sb_log "using JDK $best_major at $JAVA_HOME"
}

# ---------------------------------------------------------------------------------------- PostgreSQL

sb_pg_ready() { pg_isready -q -h "$SB_PG_HOST" -p "$SB_PG_PORT" >/dev/null 2>&1; }

# Polls a readiness command once a second; $1 = seconds, rest = command.
sb_wait_for() {
  local secs=$1; shift
  local i
  for ((i = 0; i < secs; i++)); do
    "$@" && return 0
    sleep 1
  done
  "$@"
}

sb_ensure_postgres() {
  if command -v pg_isready >/dev/null 2>&1 && sb_pg_ready; then return 0; fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    sb_apt_install postgresql
    # The package's postinst usually starts the cluster; fall through to start it if it did not.
    sb_pg_ready && return 0
  fi
  local version
  # shellcheck disable=SC2012 # cluster versions are plain numbers
  version=$(ls /etc/postgresql | sort -V | tail -1)
  [ -n "$version" ] || sb_die "PostgreSQL is installed but has no cluster under /etc/postgresql"
  if sb_is_root; then
    sb_log "starting PostgreSQL $version/main"
    # --skip-systemctl-redirect: there may be no systemd (containers, CI).
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 ||
      sb_log "pg_ctlcluster start returned non-zero (it may already be starting)"
  else
    sb_die "PostgreSQL does not answer on $SB_PG_HOST:$SB_PG_PORT. Run: sudo pg_ctlcluster --skip-systemctl-redirect $version main start"
  fi
  sb_wait_for 30 sb_pg_ready || sb_die "PostgreSQL did not answer on $SB_PG_HOST:$SB_PG_PORT within 30 s (see /var/log/postgresql/)"
  sb_log "PostgreSQL is up"
}

# psql as superuser. TCP as postgres works with the usual trust setup; a freshly installed cluster only
# trusts the postgres OS user over the socket (peer auth), so root falls back to that.
sb_psql() {
  if psql -h "$SB_PG_HOST" -p "$SB_PG_PORT" -U postgres -w -tAc 'select 1' postgres >/dev/null 2>&1; then
    psql -h "$SB_PG_HOST" -p "$SB_PG_PORT" -U postgres -w -v ON_ERROR_STOP=1 -q "$@"
  elif sb_is_root && command -v runuser >/dev/null 2>&1; then
    (cd / && runuser -u postgres -- psql -p "$SB_PG_PORT" -v ON_ERROR_STOP=1 -q "$@")
  else
    sb_die "cannot connect to PostgreSQL as superuser postgres on $SB_PG_HOST:$SB_PG_PORT (needs trust auth for 127.0.0.1, or run as root)"
  fi
}

# Creates role switchboard and database $1 owned by it, each only if absent.
sb_ensure_database() {
  local db=${1:?database name}
  sb_psql -d postgres -v db="$db" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard') THEN
    CREATE ROLE switchboard LOGIN PASSWORD 'switchboard';
  END IF;
END
$$;
-- CREATE DATABASE cannot run inside DO, so build it conditionally and \gexec it.
SELECT format('CREATE DATABASE %I OWNER switchboard', :'db')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
  sb_log "database $db (owner switchboard) is ready"
}

# Drops database $1 (closing other sessions first) and creates it again, for clean test runs.
sb_recreate_database() {
  local db=${1:?database name}
  sb_psql -d postgres -v db="$db" <<'SQL' >/dev/null
SET client_min_messages TO warning; -- no "does not exist, skipping" notice on the first run
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :'db' AND pid <> pg_backend_pid();
SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', :'db') \gexec
SQL
  sb_ensure_database "$db"
}

# --------------------------------------------------------------------------------------------- Redis

sb_redis_ready() { [ "$(redis-cli -h "$SB_REDIS_HOST" -p "$SB_REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

sb_ensure_redis() {
  if command -v redis-cli >/dev/null 2>&1 && sb_redis_ready; then return 0; fi
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    sb_apt_install redis-server
    sb_wait_for 5 sb_redis_ready && return 0
  fi
  # Root uses the system paths; anyone else keeps Redis' files under .run/ where they can write.
  local dir=/var/lib/redis logdir=/var/log/redis
  if ! sb_is_root; then
    dir="$(sb_run_dir)/redis"; logdir=$dir
  fi
  mkdir -p "$dir" "$logdir"
  sb_log "starting Redis on $SB_REDIS_HOST:$SB_REDIS_PORT"
  # Persistence off: Redis is transport here, PostgreSQL is the truth.
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$SB_REDIS_PORT" --save "" --appendonly no \
    --dir "$dir" --logfile "$logdir/ci.log" >&2 || sb_die "redis-server failed to start (see $logdir/ci.log)"
  sb_wait_for 30 sb_redis_ready || sb_die "Redis did not answer on $SB_REDIS_HOST:$SB_REDIS_PORT within 30 s (see $logdir/ci.log)"
  sb_log "Redis is up"
}

# ------------------------------------------------------------------------------------------- Secrets

# Prints the secret stored in .run/$1, generating it first if the file is missing or empty.
# $2 = openssl rand encoding (hex|base64), $3 = random bytes. Files are mode 600 and never regenerated,
# so tokens and the data key survive restarts.
sb_secret() {
  local file
  file="$(sb_run_dir)/${1:?file name}"
  local enc=${2:-hex} bytes=${3:-32}
  if [ ! -s "$file" ]; then
    (umask 077 && openssl rand "-$enc" "$bytes" | tr -d '\n' >"$file")
    sb_log "generated $file"
  fi
  chmod 600 "$file"
  cat "$file"
}

# --------------------------------------------------------------------------------------------- Pids

# True when .run/<service>.pid names a live process that is still that service (guards against pid reuse).
sb_service_pid() {
  local svc=$1 pidfile pid
  pidfile="$(sb_run_dir)/$svc.pid"
  [ -s "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$svc" || return 1
  printf '%s\n' "$pid"
}
