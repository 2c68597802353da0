#!/usr/bin/env bash
# A throwaway PostgreSQL on 127.0.0.1 for the case store's tests (the
# newest major version installed; Debian's postgresql package if none).
#
#   eval "$(bash .ci/postgres.sh start)"   # installs if needed, starts, prints the DSN export line
#   bash .ci/postgres.sh stop              # stops it and removes its data folder
#
# initdb and pg_ctl refuse to run as root, so the server runs as the
# `postgres` user in a fresh data folder that user owns. All chatter goes to
# stderr; stdout carries only the export line.
set -euo pipefail

state=${REDLINE_PG_STATE:-/tmp/redline-ci-postgres.state}
# pg_bin prints the bin folder of the newest installed PostgreSQL.
pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -n1
}
bin=$(pg_bin)

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "postgres.sh: installing postgresql" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    bin=$(pg_bin)
  fi
  [ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "postgres.sh: no PostgreSQL found after installing" >&2; exit 1; }
  echo "postgres.sh: using $("$bin/postgres" --version)" >&2
  if [ -f "$state" ]; then
    echo "postgres.sh: a server from $state is still running; stopping it first" >&2
    stop
  fi
  dir=$(mktemp -d /tmp/redline-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  port=${REDLINE_PG_PORT:-54329}
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=200" start >&2
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres redline >&2
  printf 'dir=%s\nport=%s\n' "$dir" "$port" >"$state"
  echo "export REDLINE_TEST_POSTGRES='postgres://postgres@127.0.0.1:$port/redline?sslmode=disable'"
}

stop() {
  [ -f "$state" ] || { echo "postgres.sh: nothing to stop ($state absent)" >&2; return 0; }
  dir=$(sed -n 's/^dir=//p' "$state")
  if [ -n "$dir" ] && [ -d "$dir/data" ]; then
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    rm -rf "$dir"
  fi
  rm -f "$state"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
