#!/usr/bin/env python3
"""How soon orders-service refuses a token whose credentials died (issue 17), for each way they die.

Per trial: a new partner (the operators' endpoint), a token from /authenticate, a 200 from orders-service with it;
then the change (rotation, Regenerate, disable or delete) through Keycloak's admin API; then the same read every
5 ms until orders-service answers 401. The delay is counted from the admin call's answer (the moment the change is
in force at Keycloak and the new secret handed out) and, beside it, from the moment the call was sent.

Usage: revocation-latency.py KEYCLOAK_URL ADMIN_PASSWORD ORDERS_URL TRIALS_PER_KIND
Prints one line per kind and one for all: "kind n p50 p90 p99 max" in ms after the answer, then the same after the
call; exits 1 if a token is never refused within 10 s.
"""
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

KEYCLOAK, ADMIN_PASSWORD, ORDERS, TRIALS = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
REALM = f"{KEYCLOAK}/realms/partners"
ADMIN = f"{KEYCLOAK}/admin/realms/partners"
KINDS = ("rotation", "regenerate", "disable", "delete")


def call(method, url, body=None, token=None, form=False):
    data = None
    headers = {}
    if body is not None:
        data = urllib.parse.urlencode(body).encode() if form else json.dumps(body).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded" if form else "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text.startswith(("{", "[")) else None)
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, None


def admin_token():
    status, body = call("POST", f"{KEYCLOAK}/realms/master/protocol/openid-connect/token",
                        {"grant_type": "password", "client_id": "admin-cli", "username": "admin",
                         "password": ADMIN_PASSWORD}, form=True)
    assert status == 200, f"no admin token: {status}"
    return body["access_token"]


def orders_status(client_id, token):
    return call("GET", f"{ORDERS}/accounts/{client_id}/orders?limit=1", token=token)[0]


def kill(kind, admin, partner):
    if kind == "rotation":
        return call("POST", f"{ADMIN}/partner-api/clients/{partner['client_id']}/rotate-secret", {}, admin)[0]
    if kind == "regenerate":
        return call("POST", f"{ADMIN}/clients/{partner['id']}/client-secret", None, admin)[0]
    if kind == "disable":
        status, client = call("GET", f"{ADMIN}/clients/{partner['id']}", token=admin)
        client["enabled"] = False
        return call("PUT", f"{ADMIN}/clients/{partner['id']}", client, admin)[0]
    return call("DELETE", f"{ADMIN}/clients/{partner['id']}", token=admin)[0]


def trial(kind, n):
    admin = admin_token()
    status, partner = call("POST", f"{ADMIN}/partner-api/partners",
                           {"client_id": f"bench-revoked-{kind}-{n}-{int(time.time())}", "name": "Revocation bench"}, admin)
    assert status == 201, f"partner not created: {status}"
    status, token = call("POST", f"{REALM}/partner-api/authenticate",
                         {"client_id": partner["client_id"], "client_secret": partner["client_secret"],
                          "grant_type": "client_credentials"}, form=True)
    assert status == 200, f"no token: {status}"
    token = token["access_token"]
    assert orders_status(partner["client_id"], token) == 200
    sent = time.monotonic()
    status = kill(kind, admin, partner)
    answered = time.monotonic()
    assert status in (200, 204), f"{kind} answered {status}"
    while orders_status(partner["client_id"], token) != 401:
        if time.monotonic() - answered > 10:
            raise SystemExit(f"{kind}: the token was still accepted 10 s after the change")
        time.sleep(0.005)
    refused = time.monotonic()
    return (refused - answered) * 1000, (refused - sent) * 1000


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def line(name, values):
    return (f"{name} {len(values)} {percentile(values, 50):.0f} {percentile(values, 90):.0f} "
            f"{percentile(values, 99):.0f} {max(values):.0f}")


results = {kind: [] for kind in KINDS}
for n in range(TRIALS):
    for kind in KINDS:
        results[kind].append(trial(kind, n))
everything = [r for kind in KINDS for r in results[kind]]
for kind in KINDS:
    print(line(kind, [r[0] for r in results[kind]]), line("from-the-call", [r[1] for r in results[kind]]))
print(line("all", [r[0] for r in everything]), line("from-the-call", [r[1] for r in everything]))
