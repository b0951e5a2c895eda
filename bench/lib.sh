# shellcheck shell=bash
# Shared by bench/run and bench/sockets (sourced after bin/lib.sh, from $SB_ROOT, with JAVA_HOME picked).

BENCH_JAR=simulators/target/simulators-1.0.0-SNAPSHOT.jar

bench_ready() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1/q/health/ready" || true)" = 200 ]
}

# Runs ./bin/up unless every URL given answers ready (SB_SKIP_BUILD=1 is passed through).
bench_ensure_platform() {
  local url missing=""
  for url in "$@"; do bench_ready "$url" || missing="$missing $url"; done
  if [ -z "$missing" ]; then
    sb_log "the platform answers on $*"
    return 0
  fi
  sb_log "the platform does not answer on$missing; running ./bin/up"
  ./bin/up >&2 || sb_die "./bin/up failed (see above); the benchmarks need the platform"
  for url in "$@"; do
    bench_ready "$url" || sb_die "bin/up finished but $url is not ready (logs: .run/logs/)"
  done
}

# Builds the simulators jar if it is missing or older than its sources.
bench_ensure_jar() {
  if [ ! -f "$BENCH_JAR" ] || [ ! -d simulators/target/lib ] ||
    [ -n "$(find simulators/src/main simulators/pom.xml -newer "$BENCH_JAR" -print -quit)" ]; then
    sb_log "building the simulators ($BENCH_JAR)"
    ./mvnw -B -q -pl simulators -DskipTests package || sb_die "could not build the simulators jar"
  fi
}

# The platform's admin token: $SB_ADMIN_TOKEN, else .run/admin-token (bin/up writes it when it generates one).
bench_admin_token() {
  if [ -n "${SB_ADMIN_TOKEN:-}" ]; then
    printf '%s\n' "$SB_ADMIN_TOKEN"
  elif [ -s "$SB_ROOT/.run/admin-token" ]; then
    cat "$SB_ROOT/.run/admin-token"
  else
    sb_die "no admin token: set SB_ADMIN_TOKEN to the token the platform was started with (bin/up writes .run/admin-token when it generates one)"
  fi
}

# The checkout's commit, "+dirty" when tracked files differ from it.
bench_commit() {
  local commit
  commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
  if [ "$commit" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    commit="$commit+dirty"
  fi
  printf '%s\n' "$commit"
}

# The environment lines every result in docs/PERFORMANCE.md is reported with. $1 = title, $2 = build label.
bench_environment() {
  echo "$1  $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "  build     $2"
  echo "  JDK       $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) at $JAVA_HOME (client and services)"
  echo "  cores     $(nproc) ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1))"
  echo "  memory    $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "  OS        $(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null), kernel $(uname -r)"
  echo "  load avg  $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the run"
}
