#!/bin/sh
# Renders the template with the gateway's variables only (nginx's own $variables stay as they are), then runs nginx.
set -eu
: "${KEYCLOAK_UPSTREAM:?set KEYCLOAK_UPSTREAM (host:port of Keycloak)}"
: "${ORDERS_UPSTREAM:?set ORDERS_UPSTREAM (host:port of orders-service)}"
for name in GATEWAY_PORT GATEWAY_ACCESS_LOG AUTHENTICATE_RATE_LIMIT AUTHENTICATE_RATE_BURST \
    ACCOUNTS_UNAUTHORIZED_RATE_LIMIT ACCOUNTS_UNAUTHORIZED_RATE_BURST ACCOUNTS_CONNECTION_LIMIT; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || { echo "$name is empty: unset it for the image's default, or give it a value" >&2; exit 1; }
done
envsubst '${KEYCLOAK_UPSTREAM} ${ORDERS_UPSTREAM} ${GATEWAY_PORT} ${GATEWAY_ACCESS_LOG} ${AUTHENTICATE_RATE_LIMIT}
  ${AUTHENTICATE_RATE_BURST} ${ACCOUNTS_UNAUTHORIZED_RATE_LIMIT} ${ACCOUNTS_UNAUTHORIZED_RATE_BURST}
  ${ACCOUNTS_CONNECTION_LIMIT}' < /etc/nginx/partner-api.conf.template > /run/partner-api-gateway/partner-api.conf
# -e: errors to the container's log from the first line (not the compiled-in /var/log/nginx/error.log).
exec nginx -e stderr -g 'daemon off;'
