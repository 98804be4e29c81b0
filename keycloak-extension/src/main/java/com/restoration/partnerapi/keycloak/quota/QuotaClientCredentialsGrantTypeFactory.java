package com.restoration.partnerapi.keycloak.quota;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantTypeFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;

/**
 * Registers {@link QuotaClientCredentialsGrantType} under Keycloak's own grant id, {@code client_credentials}, with a
 * higher order than Keycloak's factory, so that it is the grant on every token endpoint. Holds the node's counts.
 */
public class QuotaClientCredentialsGrantTypeFactory extends ClientCredentialsGrantTypeFactory {

    private final TokenQuotaCheck check = new TokenQuotaCheck();

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new QuotaClientCredentialsGrantType(check);
    }

    /** Higher than the built-in factory's 0. */
    @Override
    public int order() {
        return 100;
    }
}
