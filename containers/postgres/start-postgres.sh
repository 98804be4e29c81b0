#!/bin/bash
# At the first start (an empty data directory): a cluster whose superuser is POSTGRES_USER with POSTGRES_PASSWORD
# (SCRAM over the network, trust only on the container's own socket), and the database POSTGRES_DB. Then PostgreSQL.
set -euo pipefail
user=${POSTGRES_USER:-postgres}
database=${POSTGRES_DB:-$user}

# Written last: a first start that died half-way is not taken for a finished one.
initialized=$PGDATA/.partner-api-initialized

if [ ! -e "$initialized" ]; then
  : "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD: the database has no password otherwise}"
  for value in "$user" "$database"; do
    if [[ -z $value || $value == *[[:cntrl:]]* ]]; then echo "POSTGRES_USER and POSTGRES_DB: no control character" >&2; exit 1; fi
  done
  if [ -n "$(ls -A "$PGDATA")" ]; then
    echo "$PGDATA holds files but no finished first start of this image (one that died half-way, or another" \
      "image's data): nothing is touched; remove the volume to start over" >&2
    exit 1
  fi
  initdb -D "$PGDATA" --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
  if [ "$database" != postgres ]; then
    quoted=${database//\"/\"\"}
    # Single-user mode answers 0 even when a statement fails: its output says.
    output=$(printf 'CREATE DATABASE "%s";\n' "$quoted" | postgres --single -D "$PGDATA" -j postgres 2>&1)
    if grep -q 'ERROR' <<<"$output"; then echo "$output" >&2; exit 1; fi
  fi
  touch "$initialized"
  echo "PostgreSQL initialized: user $user, database $database"
fi
unset POSTGRES_PASSWORD
exec postgres -D "$PGDATA" -c listen_addresses='*'
