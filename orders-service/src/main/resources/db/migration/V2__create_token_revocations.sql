-- The last revocation times published by Keycloak (GET /realms/partners/partner-api/revocations), kept so
-- that a restart while Keycloak is unreachable still refuses revoked tokens. scope is 'realm' or 'client:<id>'.
CREATE TABLE token_revocations (
    scope      text        PRIMARY KEY,
    not_before timestamptz NOT NULL
);
