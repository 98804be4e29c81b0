package com.restoration.partnerapi.keycloak.bruteforce;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.FlowStatus;
import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.models.ClientModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.util.BasicAuthHelper;

/**
 * Keycloak's own client-secret authenticator (same id, {@code client-secret}, so it replaces the built-in one on
 * every path: the standard token endpoint, introspection, our /authenticate), with brute-force protection in
 * front: after too many wrong secrets for a client from one address, that address is refused with {@code 429}
 * and {@code Retry-After} until the window ends, without the secret being checked. Other addresses, and so the
 * real partner, are not affected. The address is Keycloak's resolved client address, which honours proxy
 * headers only as Keycloak's {@code proxy-headers} and {@code proxy-trusted-addresses} options allow.
 */
public class GuardedClientSecretAuthenticator extends ClientIdAndSecretAuthenticator {

    private static final Logger LOG = Logger.getLogger(GuardedClientSecretAuthenticator.class);
    static final String LOCKOUT_REASON = "client_secret_brute_force_lockout";

    private LockoutPolicy policy = new LockoutPolicy(LockoutPolicy.DEFAULT_MAX_FAILURES, LockoutPolicy.DEFAULT_WINDOW_SECONDS);

    @Override
    public void init(Config.Scope config) {
        super.init(config);
        policy = LockoutPolicy.from(config);
    }

    /** Higher than the built-in factory's 0, so Keycloak uses this one for {@code client-secret}. */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        String clientId = requestedClientId(context);
        String source = context.getConnection().getRemoteAddr();
        if (clientId == null || source == null) {
            super.authenticateClient(context);
            return;
        }
        String realmId = context.getRealm().getId();
        FailedSecretAttempts attempts = new FailedSecretAttempts(context.getSession(), policy);
        FailedSecretAttempts.Standing standing = attempts.standing(realmId, clientId, source);
        ClientModel client = standing.locked()
                ? context.getSession().clients().getClientByClientId(context.getRealm(), clientId) : null;
        if (client != null) {
            LOG.debugf("Client %s from %s: locked out for %d s", clientId, source, standing.lockedForSeconds());
            // The flow only takes an authenticator's verdict for a known client.
            context.setClient(client);
            context.getEvent().client(clientId).detail(Details.REASON, LOCKOUT_REASON);
            context.failure(AuthenticationFlowError.USER_TEMPORARILY_DISABLED, tooManyAttempts(standing.lockedForSeconds()));
            return;
        }

        super.authenticateClient(context);
        LOG.debugf("Client %s from %s: %s", clientId, source, context.getStatus());

        if (context.getStatus() == FlowStatus.FAILED && context.getClient() != null) {
            attempts.recordFailure(realmId, clientId, source);
        } else if (context.getStatus() == FlowStatus.SUCCESS && standing.hasFailures()) {
            attempts.clear(realmId, clientId, source);
        }
    }

    private static Response tooManyAttempts(long retryAfterSeconds) {
        return Response.status(429)
                .entity(new OAuth2ErrorRepresentation("invalid_client",
                        "Too many failed client authentications from this address; retry after " + retryAfterSeconds + " seconds"))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", String.valueOf(retryAfterSeconds))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    /** The client_id the request claims, the way the parent reads it: HTTP Basic first, then the form. */
    private static String requestedClientId(ClientAuthenticationFlowContext context) {
        String authorization = context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            try {
                String[] basic = BasicAuthHelper.RFC6749.parseHeader(authorization);
                if (basic != null) {
                    return basic[0];
                }
            } catch (IllegalArgumentException malformed) {
                return null;
            }
        }
        MediaType type = context.getHttpRequest().getHttpHeaders().getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            return null;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        return form == null ? null : form.getFirst(OAuth2Constants.CLIENT_ID);
    }
}
