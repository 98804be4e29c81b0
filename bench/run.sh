#!/usr/bin/env bash
# Benchmarks of the partner API, each figure next to its baseline from the same run (see bench/RESULTS.md).
#
#   bench/run.sh            all of them (about 15 minutes); the report goes to bench/results/<UTC date>.md
#   ROUNDS=5 DURATION=20 bench/run.sh
#   STEPS="tokens profile" bench/run.sh    only some: tokens signing reads growth feed profile (default: all)
#
# It starts its own servers on their own ports and databases, beside anything else (./stack included):
# Keycloak in production mode (kc.sh start) on PostgreSQL with our provider and realm plus a stock realm,
# orders-service on PostgreSQL twice (the production jar with JWT validation, and the production jar plus
# orders-service-devtools with its insecure-benchmark profile: no security), and removes them at the end.
# Like ./stack, it adds the demo-partner client (realm-config/local/demo-partner.json, a partial import; the
# realm has none) and gives both orders-service instances the secret Keycloak generated for the orders-service
# client (the revocation feed's), through the environment. Needs wrk, curl, python3, psql and the machine's
# PostgreSQL (BENCH_PG_*).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-$ROOT/.bench}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-30}
EXTRA_CLIENTS=${EXTRA_CLIENTS:-10000}   # partner clients added for 4a, in batches of 1,000
BIG_TABLE=${BIG_TABLE:-1000000}         # orders in the table for 4b
REPORT_SUFFIX=${STEPS:+-${STEPS// /-}}   # a partial run gets a report of its own
STEPS=${STEPS:-tokens signing reads growth feed profile}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
KC_PORT=${BENCH_KEYCLOAK_PORT:-18280}
KC_MGMT_PORT=${BENCH_KEYCLOAK_MANAGEMENT_PORT:-19280}
ORDERS_PORT=${BENCH_ORDERS_PORT:-18281}
INSECURE_PORT=${BENCH_INSECURE_ORDERS_PORT:-18282}
STAMP=$(date -u +%Y%m%d%H%M%S)
KC_DB=bench_keycloak_$STAMP
ORDERS_DB=bench_orders_$STAMP
ADMIN_PASSWORD=bench-admin-$RANDOM$RANDOM
PARTNER_SECRET=bench-partner-$RANDOM$RANDOM
KC_URL=http://127.0.0.1:$KC_PORT
ORDERS_JAR=$ROOT/orders-service/target/orders-service.jar
# The insecure-benchmark profile lives in orders-service-devtools, added to the production jar's class path.
DEVTOOLS_LOADER_PATH=$ROOT/orders-service-devtools/target/orders-service-devtools.jar,$ROOT/orders-service-devtools/target/lib
REPORT_DIR=$ROOT/bench/results
REPORT=$REPORT_DIR/$(date -u +%Y-%m-%d)$REPORT_SUFFIX.md
PIDS=()

say() { printf '%s\n' "$*" >&2; }
step() { [[ " $STEPS " == *" $1 "* ]]; }
psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atq "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

cleanup() {
  for pid in "${PIDS[@]}"; do kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done; done
  psql_admin -c "DROP DATABASE IF EXISTS $KC_DB WITH (FORCE)" || true
  psql_admin -c "DROP DATABASE IF EXISTS $ORDERS_DB WITH (FORCE)" || true
}
trap cleanup EXIT

wait_for() { # url seconds
  for _ in $(seq 1 "$2"); do curl -fs -o /dev/null --max-time 2 "$1" && return 0; sleep 1; done
  say "not ready: $1"; return 1
}

start() { # name command...
  local name=$1; shift
  setsid "$@" >"$WORK/$name.log" 2>&1 </dev/null &
  PIDS+=("$!")
}

# --- one wrk measurement: prints "<requests/s> <p50 ms> <p99 ms> <non-2xx> <errors>" -----------------------
measure() { # connections seconds url [wrk env assignments...]
  local connections=$1 seconds=$2 url=$3; shift 3
  env "$@" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$ROOT/bench/wrk-report.lua" "$url" \
    | awk '/^RESULT/ {print $2, $3, $4, $5, $6}'
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Interleaved rounds of two workloads; prints "name rps p50 p99 non2xx" per workload, medians over the rounds.
compare() { # connections label_a url_a env_a label_b url_b env_b   (env: space-separated VAR=value)
  local c=$1 la=$2 ua=$3 ea=$4 lb=$5 ub=$6 eb=$7 ra=() rb=()
  # shellcheck disable=SC2086
  measure "$c" "$WARMUP" "$ua" $ea >/dev/null; measure "$c" "$WARMUP" "$ub" $eb >/dev/null
  for _ in $(seq 1 "$ROUNDS"); do
    # shellcheck disable=SC2086
    ra+=("$(measure "$c" "$DURATION" "$ua" $ea)"); rb+=("$(measure "$c" "$DURATION" "$ub" $eb)")
  done
  summarize "$la" "${ra[@]}"; summarize "$lb" "${rb[@]}"
}

summarize() { # label results...
  local label=$1; shift
  local rps p50 p99 bad
  rps=$(printf '%s\n' "$@" | awk '{print $1}' | median)
  p50=$(printf '%s\n' "$@" | awk '{print $2}' | median)
  p99=$(printf '%s\n' "$@" | awk '{print $3}' | median)
  bad=$(printf '%s\n' "$@" | awk '{s+=$4+$5} END {print s}')
  printf '%s %s %s %s %s\n' "$label" "$rps" "$p50" "$p99" "$bad"
  say "  $label: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx/errors $bad (rounds: $(printf '%s; ' "$@"))"
}

token_body() { printf 'client_id=%s&client_secret=%s&grant_type=client_credentials' "$1" "$2"; }

# --- setup ----------------------------------------------------------------------------------------------------
mkdir -p "$WORK" "$REPORT_DIR"
for tool in wrk curl python3 psql java mvn jcmd jfr; do command -v "$tool" >/dev/null || { say "needs $tool"; exit 1; }; done
KC_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$ROOT/pom.xml" | sed -n 1p)
KC_HOME=$WORK/keycloak-$KC_VERSION
[ -f "$ROOT/keycloak-extension/target/keycloak-extension.jar" ] && [ -f "$ORDERS_JAR" ] \
  && [ -f "$ROOT/orders-service-devtools/target/orders-service-devtools.jar" ] || (cd "$ROOT" && mvn -q -DskipTests package)
[ -x "$KC_HOME/bin/kc.sh" ] || (cd "$ROOT" && mvn -q -N dependency:unpack -Dmdep.overWriteReleases=true \
  "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" "-DoutputDirectory=$WORK")
mkdir -p "$KC_HOME/providers" "$KC_HOME/data/import"
cp "$ROOT/keycloak-extension/target/keycloak-extension.jar" "$KC_HOME/providers/"
cp "$ROOT/realm-config/partners-realm.json" "$KC_HOME/data/import/"
cp "$ROOT/realm-config/keycloak.conf" "$KC_HOME/conf/keycloak.conf"
psql_admin -c "CREATE DATABASE $KC_DB"
psql_admin -c "CREATE DATABASE $ORDERS_DB"

say "Starting Keycloak $KC_VERSION in production mode on PostgreSQL..."
start keycloak env "KC_DB_URL=jdbc:postgresql://$PG_HOST:$PG_PORT/$KC_DB" "KC_DB_USERNAME=$PG_USER" \
  KC_HTTP_HOST=127.0.0.1 "KC_HTTP_PORT=$KC_PORT" "KC_HTTP_MANAGEMENT_PORT=$KC_MGMT_PORT" \
  "KC_HOSTNAME=$KC_URL" KC_CACHE=local \
  KC_BOOTSTRAP_ADMIN_USERNAME=admin "KC_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD" \
  "JAVA_OPTS_KC_HEAP=-Xms1g -Xmx2g" "$KC_HOME/bin/kc.sh" start --import-realm
wait_for "http://127.0.0.1:$KC_MGMT_PORT/health/ready" 300

# Master-realm admin tokens live 60 s: a fresh one for every use.
admin_token() {
  curl -s "$KC_URL/realms/master/protocol/openid-connect/token" -d grant_type=password -d client_id=admin-cli \
    -d username=admin --data-urlencode "password=$ADMIN_PASSWORD" | json 'd["access_token"]'
}
ADMIN_TOKEN=$(admin_token)
admin() { curl -s -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' "$@"; }
# The demo partner the benchmark's token requests use, with this run's secret in place of the file's placeholder.
python3 - "$ROOT/realm-config/local/demo-partner.json" "$PARTNER_SECRET" > "$WORK/demo-partner.json" <<'PY'
import json, sys
document = json.load(open(sys.argv[1]))
for client in document["clients"]:
    if client.get("secret") == "dev-only-demo-partner-secret":
        client["secret"] = sys.argv[2]
print(json.dumps(document))
PY
admin -X POST "$KC_URL/admin/realms/partners/partialImport" --data-binary "@$WORK/demo-partner.json" \
  | json '"demo-partner: added %s, skipped %s" % (d["added"], d["skipped"])' >&2
# The revocation feed's client: Keycloak generated its secret at the import; orders-service gets it in its environment.
FEED_CLIENT_ID=$(admin "$KC_URL/admin/realms/partners/clients?clientId=orders-service" | json 'd[0]["id"]')
FEED_SECRET=$(admin "$KC_URL/admin/realms/partners/clients/$FEED_CLIENT_ID/client-secret" | json 'd["value"]')

ISSUER=$KC_URL/realms/partners
orders_args=(--spring.datasource.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$ORDERS_DB" --spring.datasource.username="$PG_USER"
  --spring.security.oauth2.resourceserver.jwt.issuer-uri="$ISSUER"
  --spring.security.oauth2.resourceserver.jwt.jwk-set-uri="$ISSUER/protocol/openid-connect/certs")
ORDERS_REVOCATION_CLIENT_SECRET=$FEED_SECRET start orders java -Xms512m -Xmx1g -jar "$ORDERS_JAR" \
  --server.port="$ORDERS_PORT" "${orders_args[@]}"
wait_for "http://127.0.0.1:$ORDERS_PORT/actuator/health/readiness" 120
ORDERS_REVOCATION_CLIENT_SECRET=$FEED_SECRET start orders-insecure java -Xms512m -Xmx1g \
  -Dloader.path="$DEVTOOLS_LOADER_PATH" -cp "$ORDERS_JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
  --server.port="$INSECURE_PORT" --spring.profiles.active=insecure-benchmark --spring.flyway.enabled=false "${orders_args[@]}"
wait_for "http://127.0.0.1:$INSECURE_PORT/actuator/health/readiness" 120

ADMIN_TOKEN=$(admin_token)
# A realm and a client with stock Keycloak defaults, for the baseline.
admin -X POST "$KC_URL/admin/realms" -d '{"realm": "stock", "enabled": true}'
admin -X POST "$KC_URL/admin/realms/stock/clients" -d '{"clientId": "stock-client", "publicClient": false, "serviceAccountsEnabled": true}'
STOCK_ID=$(admin "$KC_URL/admin/realms/stock/clients?clientId=stock-client" | json 'd[0]["id"]')
STOCK_SECRET=$(admin "$KC_URL/admin/realms/stock/clients/$STOCK_ID/client-secret" | json 'd["value"]')
PARTNER_ENV="WRK_METHOD=POST WRK_CONTENT_TYPE=application/x-www-form-urlencoded WRK_BODY=$(token_body demo-partner "$PARTNER_SECRET")"
STOCK_ENV="WRK_METHOD=POST WRK_CONTENT_TYPE=application/x-www-form-urlencoded WRK_BODY=$(token_body stock-client "$STOCK_SECRET")"
AUTHENTICATE_URL=$KC_URL/realms/partners/partner-api/authenticate
STOCK_URL=$KC_URL/realms/stock/protocol/openid-connect/token
CLIENTS_BEFORE=$(admin "$KC_URL/admin/realms/partners/clients?max=100000" | json 'len(d)')

# EXTRA_CLIENTS more partner clients, in batches of 1,000 (once per run: steps growth and feed share them).
EXTRA_ADDED=
add_extra_clients() {
  [ -z "$EXTRA_ADDED" ] || return 0
  for batch in $(seq 0 $((EXTRA_CLIENTS / 1000 - 1))); do
    ADMIN_TOKEN=$(admin_token)   # a fresh one for every batch
    python3 - "$batch" > "$WORK/clients.json" <<'PY'
import json, sys
b = int(sys.argv[1])
print(json.dumps({"ifResourceExists": "SKIP", "clients": [
    {"clientId": f"bench-partner-{b * 1000 + i:05d}", "publicClient": False, "serviceAccountsEnabled": True,
     "standardFlowEnabled": False, "directAccessGrantsEnabled": False} for i in range(1000)]}))
PY
    admin -X POST "$KC_URL/admin/realms/partners/partialImport" --data-binary "@$WORK/clients.json" | json '"added %s clients" % d["added"]' >&2
  done
  EXTRA_ADDED=1
}

# --- 1. token issuance: /authenticate vs the stock token endpoint, same Keycloak, interleaved -----------------
TOKENS= SIGNING= READS= TOKENS_SMALL= TOKENS_LARGE= PAGE_SMALL= PAGE_LARGE= PROFILE=
if step tokens; then
say "1. Token issuance, 8 connections"
TOKENS=$(compare 8 authenticate "$AUTHENTICATE_URL" "$PARTNER_ENV" stock-token-endpoint "$STOCK_URL" "$STOCK_ENV")

fi

# --- 2. the signing limit ---------------------------------------------------------------------------------------
if step signing; then
say "2. RS256 signatures per second"
SIGNING=$(java "$ROOT/bench/RsaSigning.java" "$DURATION" | awk '/^RESULT/ {print $2, $3}')
say "  $SIGNING"
fi

# --- 3. orders reads: JWT validation vs no security, same query ------------------------------------------------
if step reads || step growth || step profile; then
say "3. Orders reads, 16 connections"
insert_orders() { # client_id count
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$ORDERS_DB" -Atq -c "INSERT INTO orders (id, client_id, project_id, quantity,
    reference, status, created_at, updated_at) SELECT gen_random_uuid(), '$1', 'bench-' || n, 1 + n % 50, 'ref-' || n,
    'received', now() - n * interval '1 second', now() - n * interval '1 second' FROM generate_series(1, $2) AS n; ANALYZE orders;"
}
insert_orders demo-partner 1000
PARTNER_TOKEN=$(curl -s "$AUTHENTICATE_URL" -d "$(token_body demo-partner "$PARTNER_SECRET")" | json 'd["access_token"]')
fi
if step reads; then
READS=$(compare 16 orders-with-jwt "http://127.0.0.1:$ORDERS_PORT/accounts/demo-partner/orders" \
  "WRK_BEARER=$PARTNER_TOKEN" \
  orders-without-security "http://127.0.0.1:$INSECURE_PORT/accounts/demo-partner/orders" "")

fi

# --- profile: where CPU time goes (JFR): Keycloak per token request, orders-service per read ----------------------------
if step profile; then
  say "Profiling Keycloak under /authenticate and under the stock token endpoint"
  KC_PID=$(pgrep -f "$KC_HOME/bin/../lib/quarkus-run.jar" | sed -n 1p)
  for target in authenticate stock; do
    if [ "$target" = authenticate ]; then url=$AUTHENTICATE_URL; env_=$PARTNER_ENV; else url=$STOCK_URL; env_=$STOCK_ENV; fi
    # shellcheck disable=SC2086
    measure 8 "$WARMUP" "$url" $env_ >/dev/null
    jcmd "$KC_PID" JFR.start name="$target" settings=profile filename="$WORK/$target.jfr" >/dev/null
    # shellcheck disable=SC2086
    measure 8 "$DURATION" "$url" $env_ >/dev/null
    jcmd "$KC_PID" JFR.stop name="$target" >/dev/null
    PROFILE+="### Keycloak under $target"$'\n\n```\n'"$(jfr print --events jdk.ExecutionSample "$WORK/$target.jfr" | python3 "$ROOT/bench/jfr-where.py")"$'\n```\n\n'
  done
  ORDERS_PID=$(pgrep -f -- "--server.port=$ORDERS_PORT" | sed -n 1p)
  measure 16 "$WARMUP" "http://127.0.0.1:$ORDERS_PORT/accounts/demo-partner/orders" "WRK_BEARER=$PARTNER_TOKEN" >/dev/null
  jcmd "$ORDERS_PID" JFR.start name=orders settings=profile filename="$WORK/orders.jfr" >/dev/null
  measure 16 "$DURATION" "http://127.0.0.1:$ORDERS_PORT/accounts/demo-partner/orders" "WRK_BEARER=$PARTNER_TOKEN" >/dev/null
  jcmd "$ORDERS_PID" JFR.stop name=orders >/dev/null
  PROFILE+="### orders-service under reads with a JWT"$'\n\n```\n'"$(jfr print --events jdk.ExecutionSample "$WORK/orders.jfr" | python3 "$ROOT/bench/jfr-where.py")"$'\n```\n\n'
  say "$PROFILE"
fi

# --- 4. how cost grows ---------------------------------------------------------------------------------------
if step growth; then
say "4a. Token issuance with $CLIENTS_BEFORE clients (figure 1) vs $EXTRA_CLIENTS more"
TOKENS_SMALL=$(echo "$TOKENS" | sed -n 1p | sed "s/^authenticate /authenticate-${CLIENTS_BEFORE}-clients /")
add_extra_clients
CLIENTS_AFTER=$(admin "$KC_URL/admin/realms/partners/clients?max=100000" | json 'len(d)')
TOKENS_LARGE=$(compare 8 "authenticate-${CLIENTS_AFTER}-clients" "$AUTHENTICATE_URL" "$PARTNER_ENV" \
  stock-token-endpoint "$STOCK_URL" "$STOCK_ENV" | sed -n 1p)

say "4b. A page of orders with 1,000 vs $BIG_TABLE orders in the table"
PAGE_SMALL=$(compare 16 "page-1000-orders-in-table" "http://127.0.0.1:$ORDERS_PORT/accounts/demo-partner/orders" \
  "WRK_BEARER=$PARTNER_TOKEN" \
  "insecure-page-1000" "http://127.0.0.1:$INSECURE_PORT/accounts/demo-partner/orders" "" | sed -n 1p)
insert_orders demo-partner $((BIG_TABLE - 1000))
PAGE_LARGE=$(compare 16 "page-${BIG_TABLE}-orders-in-table" "http://127.0.0.1:$ORDERS_PORT/accounts/demo-partner/orders" \
  "WRK_BEARER=$PARTNER_TOKEN" \
  "insecure-page-${BIG_TABLE}" "http://127.0.0.1:$INSECURE_PORT/accounts/demo-partner/orders" "" | sed -n 1p)

fi

# --- 5. the revocation feed: what an unchanged poll costs with EXTRA_CLIENTS more clients --------------------------
FEED= FEED_FULL=
if step feed; then
add_extra_clients
ADMIN_TOKEN=$(admin_token)
# Counted in Keycloak's database: the admin API's list of 10,000 clients outlives an admin token.
FEED_CLIENTS=$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$KC_DB" -Atq \
  -c "SELECT count(*) FROM client JOIN realm ON realm.id = client.realm_id WHERE realm.name = 'partners'")
say "5. Revocation feed with $FEED_CLIENTS clients, 20 of them revoked, 4 connections"
for n in $(seq 0 19); do   # Regenerate answers once its revocation is in force: at most a second each
  id=$(admin "$KC_URL/admin/realms/partners/clients?clientId=bench-partner-$(printf '%05d' "$n")" | json 'd[0]["id"]')
  admin -X POST -o /dev/null "$KC_URL/admin/realms/partners/clients/$id/client-secret"
done
FEED_TOKEN=$(curl -s "$ISSUER/protocol/openid-connect/token" -d grant_type=client_credentials -d client_id=orders-service \
  --data-urlencode "client_secret=$FEED_SECRET" | json 'd["access_token"]')
FEED_URL=$ISSUER/partner-api/revocations
FEED_ETAG=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $FEED_TOKEN" "$FEED_URL" \
  | awk 'tolower($1) == "etag:" {print $2}' | tr -d '\r')
FEED=$(compare 4 "feed-unchanged-304-${FEED_CLIENTS}-clients" "$FEED_URL" "WRK_BEARER=$FEED_TOKEN WRK_IF_NONE_MATCH=$FEED_ETAG" \
  "jwks-${FEED_CLIENTS}-clients" "$ISSUER/protocol/openid-connect/certs" "")
FEED_FULL=$(compare 4 "feed-full-200-${FEED_CLIENTS}-clients" "$FEED_URL" "WRK_BEARER=$FEED_TOKEN" \
  "jwks-${FEED_CLIENTS}-clients" "$ISSUER/protocol/openid-connect/certs" "" | sed -n 1p)
fi

# --- report ----------------------------------------------------------------------------------------------------
CPU_MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
MEMORY_GIB=$(free -g | awk '/Mem/ {print $2}')
PG_VERSION=$(psql_admin -c 'show server_version' | cut -d' ' -f1)
JAVA_VERSION=$(java -version 2>&1 | sed -n 1p)
{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $CPU_MODEL, $MEMORY_GIB GiB; Keycloak $KC_VERSION production mode on PostgreSQL $PG_VERSION; $JAVA_VERSION."
  echo "wrk 2 threads on the same machine; $ROUNDS interleaved rounds of $DURATION s after $WARMUP s warm-up; medians."
  echo
  echo "| workload | requests/s | p50 ms | p99 ms | non-2xx or errors |"
  echo "|---|---:|---:|---:|---:|"
  printf '%s\n' "$TOKENS" "$READS" "$TOKENS_SMALL" "$TOKENS_LARGE" "$PAGE_SMALL" "$PAGE_LARGE" "$FEED" "$FEED_FULL" \
    | awk 'NF {printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5}'
  echo
  [ -z "$SIGNING" ] || echo "RS256 (RSA-2048, SHA-256) signatures/s: $(echo "$SIGNING" | awk '{printf "%s thread(s): %s; ", $1, $2}')"
  [ -z "$PROFILE" ] || printf '\n## Where Keycloak spends CPU per token request (JFR)\n\n%s' "$PROFILE"
} | tee "$REPORT"
say "Report: $REPORT"
