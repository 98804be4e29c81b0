#!/usr/bin/env bash
# Benchmarks of the partner API, each figure next to its baseline from the same run (see bench/RESULTS.md).
#
#   bench/run.sh            all of them (about 15 minutes); the report goes to bench/results/<UTC date>.md
#   ROUNDS=5 DURATION=20 bench/run.sh
#   STEPS="tokens profile" bench/run.sh    only some: tokens quota signing reads flood growth feed revocation profile
#                                           (default: all)
#   REVOCATION_TRIALS=50 bench/run.sh       trials of each way credentials die, for the revocation step
#   BENCH_KEYCLOAK_JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 bench/run.sh   Keycloak on another JDK
#
# It starts its own servers on their own ports and databases, beside anything else (./stack included):
# Keycloak in production mode (kc.sh start) on PostgreSQL with our provider and realm plus a stock realm,
# orders-service on PostgreSQL twice (the production jar with JWT validation, and the production jar plus
# orders-service-devtools with its insecure-benchmark profile: no security), and removes them at the end.
# Keycloak runs on the newest JDK it supports under /usr/lib/jvm (25, then 21), else on the java on the PATH.
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
STEPS=${STEPS:-tokens quota signing reads flood growth feed revocation profile}
REVOCATION_TRIALS=${REVOCATION_TRIALS:-50}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
KC_PORT=${BENCH_KEYCLOAK_PORT:-18280}
KC_MGMT_PORT=${BENCH_KEYCLOAK_MANAGEMENT_PORT:-19280}
ORDERS_PORT=${BENCH_ORDERS_PORT:-18281}
INSECURE_PORT=${BENCH_INSECURE_ORDERS_PORT:-18282}
# Each orders-service's health and metrics (management.server.port).
ORDERS_MGMT_PORT=${BENCH_ORDERS_MANAGEMENT_PORT:-19281}
INSECURE_MGMT_PORT=${BENCH_INSECURE_ORDERS_MANAGEMENT_PORT:-19282}
GATEWAY_PORT=${BENCH_GATEWAY_PORT:-18283}
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
# The JDK that runs Keycloak (and whose jcmd and jfr profile it): signing speed depends on it.
keycloak_java_home() {
  local major release
  for major in 25 21; do
    for release in /usr/lib/jvm/*/release; do
      grep -qs "^JAVA_VERSION=\"$major[.\"]" "$release" && { dirname "$release"; return; }
    done
  done
  dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}
KC_JAVA_HOME=${BENCH_KEYCLOAK_JAVA_HOME:-$(keycloak_java_home)}

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
# The order alternates (a b, b a, a b, ...) so that a server still warming up favours neither.
compare() { # connections label_a url_a env_a label_b url_b env_b   (env: space-separated VAR=value)
  local c=$1 la=$2 ua=$3 ea=$4 lb=$5 ub=$6 eb=$7 ra=() rb=() round
  # shellcheck disable=SC2086
  measure "$c" "$WARMUP" "$ua" $ea >/dev/null; measure "$c" "$WARMUP" "$ub" $eb >/dev/null
  for round in $(seq 1 "$ROUNDS"); do
    # shellcheck disable=SC2086
    if ((round % 2)); then
      ra+=("$(measure "$c" "$DURATION" "$ua" $ea)"); rb+=("$(measure "$c" "$DURATION" "$ub" $eb)")
    else
      rb+=("$(measure "$c" "$DURATION" "$ub" $eb)"); ra+=("$(measure "$c" "$DURATION" "$ua" $ea)")
    fi
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
  "JAVA_HOME=$KC_JAVA_HOME" KC_BOOTSTRAP_ADMIN_USERNAME=admin "KC_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD" \
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
    # The realm's default quota (1,000 tokens an hour) would refuse a benchmark within a second: a quota so large
    # that it is checked on every token and never reached.
    client.setdefault("attributes", {}).update({"partner-api.token-quota.per-hour": "1000000000",
                                                "partner-api.token-quota.per-day": "10000000000"})
print(json.dumps(document))
PY
admin -X POST "$KC_URL/admin/realms/partners/partialImport" --data-binary "@$WORK/demo-partner.json" \
  | json '"demo-partner: added %s, skipped %s" % (d["added"], d["skipped"])' >&2
# The same partner client once more, its tokens signed RS256 (a per-client override of the realm's ES256): what
# our layer costs is /authenticate against Keycloak's token endpoint with this one client, the signature the same.
python3 - "$WORK/demo-partner.json" > "$WORK/rs256-partner.json" <<'PY'
import json, sys
document = json.loads(open(sys.argv[1]).read())
for client in document["clients"]:
    client["clientId"] = "bench-rs256-partner"
    client["attributes"]["access.token.signed.response.alg"] = "RS256"
for user in document["users"]:
    user["username"], user["serviceAccountClientId"] = "service-account-bench-rs256-partner", "bench-rs256-partner"
print(json.dumps(document))
PY
admin -X POST "$KC_URL/admin/realms/partners/partialImport" --data-binary "@$WORK/rs256-partner.json" \
  | json '"bench-rs256-partner: added %s, skipped %s" % (d["added"], d["skipped"])' >&2
# The same partner client once more without a quota (0: no limit in either window, so no check): what the quota
# check costs is /authenticate for the demo partner against this one.
python3 - "$WORK/demo-partner.json" > "$WORK/no-quota-partner.json" <<'PY'
import json, sys
document = json.loads(open(sys.argv[1]).read())
for client in document["clients"]:
    client["clientId"] = "bench-no-quota-partner"
    client["attributes"].update({"partner-api.token-quota.per-hour": "0", "partner-api.token-quota.per-day": "0"})
for user in document["users"]:
    user["username"], user["serviceAccountClientId"] = "service-account-bench-no-quota-partner", "bench-no-quota-partner"
print(json.dumps(document))
PY
admin -X POST "$KC_URL/admin/realms/partners/partialImport" --data-binary "@$WORK/no-quota-partner.json" \
  | json '"bench-no-quota-partner: added %s, skipped %s" % (d["added"], d["skipped"])' >&2
# The revocation feed's client: Keycloak generated its secret at the import; orders-service gets it in its environment.
FEED_CLIENT_ID=$(admin "$KC_URL/admin/realms/partners/clients?clientId=orders-service" | json 'd[0]["id"]')
FEED_SECRET=$(admin "$KC_URL/admin/realms/partners/clients/$FEED_CLIENT_ID/client-secret" | json 'd["value"]')

ISSUER=$KC_URL/realms/partners
orders_args=(--spring.datasource.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$ORDERS_DB" --spring.datasource.username="$PG_USER"
  --spring.security.oauth2.resourceserver.jwt.issuer-uri="$ISSUER"
  --spring.security.oauth2.resourceserver.jwt.jwk-set-uri="$ISSUER/protocol/openid-connect/certs"
  --management.server.address=127.0.0.1
  # Every read goes through the per-partner limit, so its cost is measured, but none is refused: the reads are one
  # partner at 16 connections.
  --orders.rate-limit.requests=1000000000)
ORDERS_REVOCATION_CLIENT_SECRET=$FEED_SECRET start orders java -Xms512m -Xmx1g -jar "$ORDERS_JAR" \
  --server.port="$ORDERS_PORT" --management.server.port="$ORDERS_MGMT_PORT" "${orders_args[@]}"
wait_for "http://127.0.0.1:$ORDERS_MGMT_PORT/actuator/health/readiness" 120
ORDERS_REVOCATION_CLIENT_SECRET=$FEED_SECRET start orders-insecure java -Xms512m -Xmx1g \
  -Dloader.path="$DEVTOOLS_LOADER_PATH" -cp "$ORDERS_JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
  --server.port="$INSECURE_PORT" --management.server.port="$INSECURE_MGMT_PORT" \
  --spring.profiles.active=insecure-benchmark --spring.flyway.enabled=false "${orders_args[@]}"
wait_for "http://127.0.0.1:$INSECURE_MGMT_PORT/actuator/health/readiness" 120

ADMIN_TOKEN=$(admin_token)
# A realm and a client with stock Keycloak defaults, for the baseline.
admin -X POST "$KC_URL/admin/realms" -d '{"realm": "stock", "enabled": true}'
admin -X POST "$KC_URL/admin/realms/stock/clients" -d '{"clientId": "stock-client", "publicClient": false, "serviceAccountsEnabled": true}'
STOCK_ID=$(admin "$KC_URL/admin/realms/stock/clients?clientId=stock-client" | json 'd[0]["id"]')
STOCK_SECRET=$(admin "$KC_URL/admin/realms/stock/clients/$STOCK_ID/client-secret" | json 'd["value"]')
PARTNER_ENV="WRK_METHOD=POST WRK_CONTENT_TYPE=application/x-www-form-urlencoded WRK_BODY=$(token_body demo-partner "$PARTNER_SECRET")"
STOCK_ENV="WRK_METHOD=POST WRK_CONTENT_TYPE=application/x-www-form-urlencoded WRK_BODY=$(token_body stock-client "$STOCK_SECRET")"
RS256_ENV="WRK_METHOD=POST WRK_CONTENT_TYPE=application/x-www-form-urlencoded WRK_BODY=$(token_body bench-rs256-partner "$PARTNER_SECRET")"
NO_QUOTA_ENV="WRK_METHOD=POST WRK_CONTENT_TYPE=application/x-www-form-urlencoded WRK_BODY=$(token_body bench-no-quota-partner "$PARTNER_SECRET")"
AUTHENTICATE_URL=$KC_URL/realms/partners/partner-api/authenticate
PARTNERS_TOKEN_URL=$KC_URL/realms/partners/protocol/openid-connect/token
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
TOKENS= LAYER_RS256= LAYER_ES256= QUOTA= SIGNING= READS= TOKENS_SMALL= TOKENS_LARGE= PAGE_SMALL= PAGE_LARGE= PROFILE=
if step tokens; then
say "1. Token issuance, 8 connections"
TOKENS=$(compare 8 authenticate "$AUTHENTICATE_URL" "$PARTNER_ENV" stock-token-endpoint "$STOCK_URL" "$STOCK_ENV")
say "1b. What our layer costs: /authenticate vs Keycloak's token endpoint, one partner client, RS256 then ES256"
LAYER_RS256=$(compare 8 authenticate-rs256 "$AUTHENTICATE_URL" "$RS256_ENV" token-endpoint-rs256 "$PARTNERS_TOKEN_URL" "$RS256_ENV")
LAYER_ES256=$(compare 8 authenticate-es256 "$AUTHENTICATE_URL" "$PARTNER_ENV" token-endpoint-es256 "$PARTNERS_TOKEN_URL" "$PARTNER_ENV")
fi

# --- 1c. the token quota's check: one partner client with a quota (checked on every token, never reached) and its
# twin without one, both through /authenticate, interleaved --------------------------------------------------------
if step quota; then
say "1c. What the token quota costs: /authenticate with a quota vs the same client without one"
QUOTA=$(compare 8 authenticate-quota "$AUTHENTICATE_URL" "$PARTNER_ENV" authenticate-no-quota "$AUTHENTICATE_URL" "$NO_QUOTA_ENV")

fi

# --- 2. the signing limit ---------------------------------------------------------------------------------------
if step signing; then
say "2. Signatures and verifications per second, one thread, on the JDK on the PATH and on Keycloak's"
for home in "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")" "$KC_JAVA_HOME"; do
  version=$("$home/bin/java" -version 2>&1 | sed -n 1p | tr -d '"' | awk '{print $1 "-" $3}')
  SIGNING+=$("$home/bin/java" "$ROOT/bench/Signing.java" 5 | awk -v jdk="$version" '/^RESULT/ {print jdk, $2, $3, $4}')$'\n'
done
say "$SIGNING"
fi

# --- 3. orders reads: JWT validation vs no security, same query ------------------------------------------------
if step reads || step flood || step growth || step profile; then
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
  for target in authenticate stock authenticate-rs256 token-endpoint-rs256; do
    case $target in
      authenticate) url=$AUTHENTICATE_URL env_=$PARTNER_ENV ;;
      stock) url=$STOCK_URL env_=$STOCK_ENV ;;
      authenticate-rs256) url=$AUTHENTICATE_URL env_=$RS256_ENV ;;
      token-endpoint-rs256) url=$PARTNERS_TOKEN_URL env_=$RS256_ENV ;;
    esac
    # shellcheck disable=SC2086
    measure 8 "$WARMUP" "$url" $env_ >/dev/null
    "$KC_JAVA_HOME/bin/jcmd" "$KC_PID" JFR.start name="$target" settings=profile filename="$WORK/$target.jfr" >/dev/null
    # shellcheck disable=SC2086
    measure 8 "$DURATION" "$url" $env_ >/dev/null
    "$KC_JAVA_HOME/bin/jcmd" "$KC_PID" JFR.stop name="$target" >/dev/null
    PROFILE+="### Keycloak under $target"$'\n\n```\n'"$("$KC_JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample "$WORK/$target.jfr" | python3 "$ROOT/bench/jfr-where.py")"$'\n```\n\n'
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

# --- 6. forged tokens: what a flood of them costs orders-service, and what the gateway lets through -----------------
FLOOD= FLOOD_CHEAP= FLOOD_GATEWAY= FLOOD_UPSTREAM=
if step flood; then
say "6. Forged tokens, 16 connections: a published kid and valid claims (a signature check each), then an expired one"
# The partner's own token with another signature, and with exp moved into the past (refused before any check).
read -r FORGED EXPIRED < <(python3 - "$PARTNER_TOKEN" <<'PY'
import base64, json, os, sys
header, payload, _ = sys.argv[1].split(".")
b64 = lambda raw: base64.urlsafe_b64encode(raw).decode().rstrip("=")
claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
claims["exp"] = claims["iat"] - 60
print(f"{header}.{payload}.{b64(os.urandom(64))}", f"{header}.{b64(json.dumps(claims).encode())}.{b64(os.urandom(64))}")
PY
)
ORDERS_URL=http://127.0.0.1:$ORDERS_PORT/accounts/demo-partner/orders
FLOOD=$(compare 16 forged-signature "$ORDERS_URL" "WRK_BEARER=$FORGED" forged-expired "$ORDERS_URL" "WRK_BEARER=$EXPIRED")
FLOOD_CHEAP=$(echo "$FLOOD" | sed -n 2p); FLOOD=$(echo "$FLOOD" | sed -n 1p)

say "6b. The same forged tokens from one address through the gateway (its deployment limits), 32 connections"
mkdir -p "$WORK/nginx/logs"
python3 - "$ROOT/gateway/partner-api.conf.template" "$WORK/nginx" "127.0.0.1:$KC_PORT" "127.0.0.1:$ORDERS_PORT" \
  "127.0.0.1:$GATEWAY_PORT" <<'PY'
import os, re, sys
template, prefix, keycloak, orders, listen = sys.argv[1:]
values = {"KEYCLOAK_UPSTREAM": keycloak, "ORDERS_UPSTREAM": orders, "GATEWAY_PORT": listen,
          "GATEWAY_ACCESS_LOG": f"{prefix}/logs/access.log",
          # ./stack's and compose's defaults: the limits a deployment starts with.
          "AUTHENTICATE_RATE_LIMIT": "5r/s", "AUTHENTICATE_RATE_BURST": "10", "ACCOUNTS_UNAUTHORIZED_RATE_LIMIT": "10r/s",
          "ACCOUNTS_UNAUTHORIZED_RATE_BURST": "48", "ACCOUNTS_CONNECTION_LIMIT": "32"}
open(f"{prefix}/partner-api.conf", "w").write(re.sub(r"\$\{([A-Z_]+)\}", lambda m: values[m.group(1)], open(template).read()))
temp = "".join(f"  {m}_temp_path {prefix}/{m};\n" for m in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
open(f"{prefix}/nginx.conf", "w").write(f"daemon off;\nworker_processes 1;\npid {prefix}/nginx.pid;\n"
    f"error_log {prefix}/logs/error.log warn;\nevents {{ worker_connections 1024; }}\n"
    f"http {{\n{temp}  include {prefix}/partner-api.conf;\n}}\n")
PY
start gateway "$(command -v nginx || echo /usr/sbin/nginx)" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
for _ in $(seq 1 30); do curl -s -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/" && break; sleep 1; done   # any answer
: >"$WORK/nginx/logs/access.log"
FLOOD_GATEWAY=$(measure 32 "$DURATION" "http://127.0.0.1:$GATEWAY_PORT/accounts/demo-partner/orders" "WRK_BEARER=$FORGED")
# What reached orders-service: the access log's requests with an upstream address, per second of the run.
FLOOD_UPSTREAM=$(awk -v s="$DURATION" '$NF != "-" {n++} END {printf "%.1f", n / s}' "$WORK/nginx/logs/access.log")
FLOOD_STATUSES=$(awk '{print $7}' "$WORK/nginx/logs/access.log" | sort | uniq -c | awk '{printf "%s: %s; ", $2, $1}')
say "  through the gateway: $FLOOD_GATEWAY (answers/s p50 p99 non-2xx errors); reached orders-service: $FLOOD_UPSTREAM/s; statuses: $FLOOD_STATUSES"
fi

# --- 7. revocation: how soon orders-service refuses a token whose credentials died (Shared Signals) ---------------
REVOCATION=
if step revocation; then
say "7. Revocation at orders-service: $REVOCATION_TRIALS trials each of a rotation, Regenerate, disable and delete"
REVOCATION=$(python3 "$ROOT/bench/revocation-latency.py" "$KC_URL" "$ADMIN_PASSWORD" "http://127.0.0.1:$ORDERS_PORT" \
  "$REVOCATION_TRIALS")
say "$REVOCATION"
fi

# --- report ----------------------------------------------------------------------------------------------------
CPU_MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
MEMORY_GIB=$(free -g | awk '/Mem/ {print $2}')
PG_VERSION=$(psql_admin -c 'show server_version' | cut -d' ' -f1)
JAVA_VERSION=$(java -version 2>&1 | sed -n 1p)
KC_JAVA_VERSION=$("$KC_JAVA_HOME/bin/java" -version 2>&1 | sed -n 1p)
{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $CPU_MODEL, $MEMORY_GIB GiB; Keycloak $KC_VERSION production mode on PostgreSQL $PG_VERSION."
  echo "Keycloak on $KC_JAVA_VERSION ($KC_JAVA_HOME); orders-service and wrk's helpers on $JAVA_VERSION."
  echo "wrk 2 threads on the same machine; $ROUNDS interleaved rounds of $DURATION s after $WARMUP s warm-up; medians."
  echo
  echo "| workload | requests/s | p50 ms | p99 ms | non-2xx or errors |"
  echo "|---|---:|---:|---:|---:|"
  printf '%s\n' "$TOKENS" "$LAYER_RS256" "$LAYER_ES256" "$QUOTA" "$READS" "$FLOOD" "$FLOOD_CHEAP" "$TOKENS_SMALL" "$TOKENS_LARGE" "$PAGE_SMALL" "$PAGE_LARGE" "$FEED" "$FEED_FULL" \
    | awk 'NF {printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5}'
  echo
  if [ -n "$FLOOD_GATEWAY" ]; then
    echo
    echo "Forged tokens through the gateway, one address, 32 connections, $DURATION s: $(echo "$FLOOD_GATEWAY" \
      | awk '{printf "%s answers/s (p50 %s ms, p99 %s ms)", $1, $2, $3}'); reached orders-service: $FLOOD_UPSTREAM/s;" \
      "statuses: $FLOOD_STATUSES"
  fi
  if [ -n "$SIGNING" ]; then
    printf '\n| JDK | algorithm | signatures/s, 1 thread | verifications/s, 1 thread |\n|---|---|---:|---:|\n'
    echo "$SIGNING" | awk 'NF {printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}'
  fi
  if [ -n "$REVOCATION" ]; then
    printf '\n| how credentials died | trials | ms to the first 401, p50 | p90 | p99 | max | from the call: p50 | p99 |\n'
    printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
    echo "$REVOCATION" | awk 'NF {printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $9, $11}'
  fi
  [ -z "$PROFILE" ] || printf '\n## Where Keycloak spends CPU per token request (JFR)\n\n%s' "$PROFILE"
} | tee "$REPORT"
say "Report: $REPORT"
