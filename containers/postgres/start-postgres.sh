#!/bin/bash
# At the first start (an empty data directory): a cluster whose superuser is POSTGRES_USER with POSTGRES_PASSWORD
# (SCRAM over the network, trust only on the container's own socket), and the database POSTGRES_DB. Then PostgreSQL.
set -euo pipefail
user=${POSTGRES_USER:-postgres}
database=${POSTGRES_DB:-$user}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD: the database has no password otherwise}"
  initdb -D "$PGDATA" --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
  if [ "$database" != postgres ]; then
    quoted=${database//\"/\"\"}
    printf 'CREATE DATABASE "%s";\n' "$quoted" | postgres --single -D "$PGDATA" -j postgres >/dev/null
  fi
  echo "PostgreSQL initialized: user $user, database $database"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
