#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store's tests and benches: its own
# data directory, a free port on 127.0.0.1, trust authentication for the
# user `amzp`. Installs Debian's postgresql when no server is found.
#
#   eval "$(store/scripts/postgres.sh start /tmp/amzp-pg)"   # exports AMZP_POSTGRES
#   store/scripts/postgres.sh stop /tmp/amzp-pg
set -euo pipefail
action=${1:?start or stop}
dir=${2:?a directory for the data}

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# PostgreSQL refuses to run as root: run it as the `postgres` user then.
as_server_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$action" in
start)
  bin=$(find_bin)
  if [ -z "$bin" ]; then
    echo "installing postgresql (Debian)" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -q && apt-get install -y -q postgresql; } >&2
    bin=$(find_bin)
  fi
  if [ -z "$bin" ]; then
    echo "no PostgreSQL server could be found or installed" >&2
    exit 1
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_server_user "$bin/initdb" -D "$dir/data" -U amzp -A trust --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=100" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "$bin" >"$dir/bin"
  echo "export AMZP_POSTGRES='host=127.0.0.1 port=$port user=amzp dbname=postgres'"
  ;;
stop)
  if [ -f "$dir/bin" ]; then
    as_server_user "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
