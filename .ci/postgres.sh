# Sourced by .ci/run: starts a throwaway PostgreSQL cluster for the
# example service's tests and exports BRANCHSCORE_TEST_PG_DSN.
#
# A DSN already set is used as it is. Otherwise the newest server under
# /usr/lib/postgresql is used, installed from Debian (apt-get install -y
# postgresql) when there is none and we are root. The cluster lives in a
# temporary directory, owned by the postgres user when we are root, listens
# on 127.0.0.1 on the first free port from 55432 with trust authentication,
# and is stopped and removed when the run exits.

pg_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_start() {
  if [ -n "${BRANCHSCORE_TEST_PG_DSN:-}" ]; then
    echo "PostgreSQL: using BRANCHSCORE_TEST_PG_DSN as set"
    return 0
  fi
  PG_BIN=$(pg_bindir)
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "PostgreSQL is not installed and cannot be (needs root and apt-get); set BRANCHSCORE_TEST_PG_DSN" >&2
      return 1
    fi
    echo "PostgreSQL: installing from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(pg_bindir)
  fi
  PG_DIR=$(mktemp -d /tmp/branchscore-pg.XXXXXX)
  trap pg_stop EXIT
  PG_AS=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$PG_DIR" # initdb refuses to run as root
    PG_AS=(runuser -u postgres --)
  fi
  local port=55432
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$PG_DIR/initdb.log"
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  "${PG_AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres branchscore_test
  export BRANCHSCORE_TEST_PG_DSN="postgres://postgres@127.0.0.1:$port/branchscore_test?sslmode=disable"
  echo "PostgreSQL: $("$PG_BIN/postgres" --version) on 127.0.0.1:$port"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  [ -n "${PG_DIR:-}" ] && rm -rf "$PG_DIR"
  return 0
}
