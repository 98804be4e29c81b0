#!/usr/bin/env bash
# An SSF receiver made of nothing but bash, curl, python3 and openssl: the five commands of docs/ssf-receiver.md,
# as the page shows them (IndependentReceiverIT checks that each is here word for word). It subscribes as CLIENT_ID,
# polls until a SET about WAIT_FOR_CLIENT_ID comes, verifying and acknowledging every SET on the way, checks that a
# poll after the acknowledgement no longer returns it, and prints its line. Any failure exits non-zero.
#
#   ISSUER=... [REALM_URL=...] CLIENT_ID=... CLIENT_SECRET=... WAIT_FOR_CLIENT_ID=... [WAIT_SECONDS=60] \
#       independent-receiver.sh
set -euo pipefail
: "${ISSUER:?}" "${CLIENT_ID:?}" "${CLIENT_SECRET:?}" "${WAIT_FOR_CLIENT_ID:?}"
REALM_URL=${REALM_URL:-$ISSUER}
for tool in curl python3 openssl; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed: apt-get install $tool" >&2; exit 2; }
done
deadline=$((SECONDS + ${WAIT_SECONDS:-60}))

# 1. A token
field() { python3 -c 'import json, sys; v = json.load(sys.stdin)
for name in sys.argv[1:]: v = v[name]
print(v)' "$@"; }
TOKEN=$(curl -sS --fail-with-body "$REALM_URL/protocol/openid-connect/token" -d grant_type=client_credentials \
    --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "client_secret=$CLIENT_SECRET" | field access_token)

# 2. The transmitter's configuration
CONFIGURATION=$(curl -sS --fail-with-body "$REALM_URL/.well-known/ssf-configuration")

# 3. A stream
STREAM=$(curl -sS --fail-with-body "$(field configuration_endpoint <<<"$CONFIGURATION")" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"delivery": {"method": "urn:ietf:rfc:8936"}, "description": "'"$HOSTNAME"'", "events_requested": [
        "https://schemas.openid.net/secevent/caep/event-type/credential-change",
        "https://schemas.openid.net/secevent/caep/event-type/session-revoked"]}')
POLL_URL=$(field delivery endpoint_url <<<"$STREAM")
echo "subscribed: stream $(field stream_id <<<"$STREAM")" >&2

FOUND=
while [ -z "$FOUND" ]; do
    if (( SECONDS > deadline )); then
        echo "no SET about $WAIT_FOR_CLIENT_ID within ${WAIT_SECONDS:-60} s" >&2
        exit 1
    fi
# 4. Poll
SETS=$(curl -sS --fail-with-body "$POLL_URL" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"maxEvents": 10, "returnImmediately": true}')

# 5. Verify each SET, then acknowledge it (the lines the page prints go to standard error here)
{
JWKS=$(curl -sS --fail-with-body "$(field jwks_uri <<<"$CONFIGURATION")")
VERIFIED=$(SETS="$SETS" JWKS="$JWKS" python3 - "$ISSUER" "$CLIENT_ID" <<'EOF'
import base64, json, os, subprocess, sys, tempfile
issuer, audience = sys.argv[1:]
keys = {key["kid"]: key for key in json.loads(os.environ["JWKS"])["keys"]}

def b64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

def der_integer(number):
    number = number.lstrip(b"\0")
    number = b"\0" + number if not number or number[0] & 0x80 else number
    return b"\x02" + bytes([len(number)]) + number

def signature_verifies(key, signed, signature):
    spki = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200") + b"\x04" + b64(key["x"]) + b64(key["y"])
    pair = der_integer(signature[:32]) + der_integer(signature[32:])
    with tempfile.TemporaryDirectory() as work:
        with open(work + "/key.pem", "w") as pem:
            pem.write("-----BEGIN PUBLIC KEY-----\n" + base64.encodebytes(spki).decode() + "-----END PUBLIC KEY-----\n")
        with open(work + "/sig.der", "wb") as der:
            der.write(b"\x30" + bytes([len(pair)]) + pair)
        return subprocess.run(["openssl", "dgst", "-sha256", "-verify", work + "/key.pem", "-signature",
                               work + "/sig.der"], input=signed, capture_output=True).returncode == 0

def check(jti, token):
    """What is wrong with the SET, or None once its line is printed."""
    header64, claims64, signature64 = token.split(".")
    header, claims, signature = json.loads(b64(header64)), json.loads(b64(claims64)), b64(signature64)
    key = keys.get(header.get("kid"))
    if header.get("alg") != "ES256" or not key or key.get("crv") != "P-256" or len(signature) != 64:
        return "not ES256 with a P-256 key of the realm's JWKS"
    if not signature_verifies(key, (header64 + "." + claims64).encode(), signature):
        return "signature does not verify"
    aud = claims.get("aud")
    if header.get("typ") != "secevent+jwt" or claims.get("iss") != issuer or audience not in (aud if isinstance(aud, list) else [aud]):
        return "typ, iss or aud is not a SET for us"
    if claims.get("jti") != jti:
        return "jti differs"
    subject = claims.get("sub_id", {})
    name = subject.get("id") if subject.get("format") == "opaque" else "realm:" + subject.get("tenant", {}).get("id", "?")
    for event_type, event in claims["events"].items():
        print(f"verified {event_type.rsplit('/', 1)[-1]} for {name} event_timestamp={event.get('event_timestamp')} jti={jti}")

refused = False
for jti, token in json.loads(os.environ["SETS"])["sets"].items():
    why = check(jti, token)
    if why:
        print(f"SET {jti} refused: {why}", file=sys.stderr)
        refused = True
sys.exit(1 if refused else 0)
EOF
)
echo "$VERIFIED"
curl -sS --fail-with-body "$POLL_URL" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -o /dev/null \
    -d '{"ack": ['"$(sed -n 's/.* jti=\(.*\)/"\1"/p' <<<"$VERIFIED" | sort -u | paste -sd , -)"'], "maxEvents": 0, "returnImmediately": true}'
} >&2
    FOUND=$(grep -m 1 -F " for $WAIT_FOR_CLIENT_ID event_timestamp=" <<<"$VERIFIED" || true)
    [ -n "$FOUND" ] || sleep 1
done

# The acknowledged SET is not delivered again.
JTI=${FOUND##* jti=}
SETS=$(curl -sS --fail-with-body "$POLL_URL" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"maxEvents": 10, "returnImmediately": true}')
if grep -qF "\"$JTI\"" <<<"$SETS"; then
    echo "SET $JTI was acknowledged, yet the next poll returned it again" >&2
    exit 1
fi
echo "${FOUND% jti=*}"
