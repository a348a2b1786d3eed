#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster (initdb + pg_ctl in a temp dir, trust auth, loopback only)
# and prints its URL; `stop DIR` stops it and deletes the dir. Used by scripts/test.sh and benches.
#   url=$(scripts/postgres-throwaway.sh start) ; ... ; scripts/postgres-throwaway.sh stop "$dir"
set -euo pipefail

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] || { echo "postgres-throwaway: '$name' not found; install Debian's postgresql package" >&2; exit 1; }
  echo "$found"
}

# initdb refuses to run as root, so as root the cluster belongs to the 'postgres' system user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    initdb=$(find_bin initdb); pg_ctl=$(find_bin pg_ctl)
    dir=$(mktemp -d /tmp/quire-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as_owner "$initdb" -D "$dir/data" -U quire --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync off and a small WAL: this cluster holds test data only and is deleted afterwards.
    as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://quire@127.0.0.1:$port/postgres $dir"
    ;;
  stop)
    dir=${2:?usage: postgres-throwaway.sh stop DIR}
    pg_ctl=$(find_bin pg_ctl)
    as_owner "$pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgres-throwaway.sh start | stop DIR" >&2; exit 2 ;;
esac
