#!/usr/bin/env bash
# A throw-away streaming replica of the local PostgreSQL, for the replica tests (make test-replica, CI).
#
#   scripts/pg_replica.sh start   # stop a leftover, pg_basebackup the primary, start the standby
#   scripts/pg_replica.sh stop    # stop it and remove its data directory
#
# PRIMARY_PORT (5432) is the machine's cluster on 127.0.0.1 (trust auth, user postgres); the standby listens on
# 127.0.0.1:REPLICA_PORT (5433) with its data in REPLICA_DIR (/tmp/draftorders-pg-replica-<port>), which holds
# its socket and log too, so removing it leaves nothing behind. Run as root or as postgres.
#
# `start` changes the primary in one way, idempotently: it appends a line to its pg_hba.conf that lets
# 127.0.0.1 replicate (`host replication postgres 127.0.0.1/32 trust`) and reloads it.
set -euo pipefail

PRIMARY_PORT="${PRIMARY_PORT:-5432}"
REPLICA_PORT="${REPLICA_PORT:-5433}"
DIR_PREFIX="${TMPDIR:-/tmp}/draftorders-pg-replica-"
REPLICA_DIR="${REPLICA_DIR:-$DIR_PREFIX$REPLICA_PORT}"
HBA_LINE="host replication postgres 127.0.0.1/32 trust"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

primary() {
  psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -Atqc "$1"
}

# The binaries of the primary's major version (pg_basebackup must match it); the newest when it is down.
pg_bin() {
  local version
  if version="$(primary "SHOW server_version_num" 2>/dev/null)"; then
    echo "/usr/lib/postgresql/$((version / 10000))/bin"
  else
    find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin | sort -V | tail -1
  fi
}

# The postgres listening on REPLICA_PORT, if any: "pid data_dir".
listener() {
  local pid
  pid="$(ss -Htlnp "sport = :$REPLICA_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
  [ -n "$pid" ] || return 0
  local data_dir
  data_dir="$(tr '\0' '\n' <"/proc/$pid/cmdline" | sed -n '/^-D$/{n;p;q}')"
  echo "$pid ${data_dir:-?}"
}

stop() {
  local bin
  bin="$(pg_bin)"
  if [ -f "$REPLICA_DIR/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$REPLICA_DIR" stop -m immediate -w >/dev/null 2>&1 || true
  fi
  # a replica that a killed run started elsewhere (another TMPDIR) still holds the port
  local found pid data_dir
  found="$(listener)"
  if [ -n "$found" ]; then
    read -r pid data_dir <<<"$found"
    case "$data_dir" in
      *"/draftorders-pg-replica-"*)
        as_postgres "$bin/pg_ctl" -D "$data_dir" stop -m immediate -w >/dev/null
        rm -rf "$data_dir"
        ;;
      *)
        echo "port $REPLICA_PORT is used by process $pid ($data_dir), not a replica of ours: set REPLICA_PORT" >&2
        exit 1
        ;;
    esac
  fi
  rm -rf "$REPLICA_DIR"
}

allow_replication() {
  local hba
  hba="$(primary "SHOW hba_file")"
  if ! grep -qxF "$HBA_LINE" "$hba"; then
    printf '# added by draft-orders scripts/pg_replica.sh: a local streaming replica for its tests\n%s\n' \
      "$HBA_LINE" >>"$hba"
    primary "SELECT pg_reload_conf()" >/dev/null
  fi
  if [ "$(primary "SHOW wal_level")" = minimal ] || [ "$(primary "SHOW max_wal_senders")" = 0 ]; then
    echo "the primary needs wal_level=replica and max_wal_senders>0 (a restart): it cannot stream" >&2
    exit 1
  fi
}

start() {
  stop
  allow_replication
  local bin
  bin="$(pg_bin)"
  as_postgres "$bin/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DIR" \
    --wal-method=stream --write-recovery-conf --checkpoint=fast --no-sync
  # A hot standby needs these at least as high as on its primary.
  local limits=""
  for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions \
    max_locks_per_transaction; do
    limits+="$name = $(primary "SHOW $name")"$'\n'
  done
  # Debian keeps the configuration outside the data directory, so the backup has none: write the standby's.
  as_postgres tee "$REPLICA_DIR/postgresql.conf" >/dev/null <<EOF
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$REPLICA_DIR'
hot_standby = on
fsync = off
shared_buffers = 32MB
$limits
EOF
  as_postgres tee "$REPLICA_DIR/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
  if ! as_postgres "$bin/pg_ctl" -D "$REPLICA_DIR" -l "$REPLICA_DIR/server.log" -w -t 60 start >/dev/null; then
    cat "$REPLICA_DIR/server.log" >&2
    stop
    exit 1
  fi
  echo "streaming replica of 127.0.0.1:$PRIMARY_PORT on 127.0.0.1:$REPLICA_PORT ($REPLICA_DIR)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
