package com.restoration.partnerapi.keycloak.bruteforce;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import com.restoration.partnerapi.keycloak.metrics.PartnerMetrics;
import com.restoration.partnerapi.keycloak.realm.PartnerRealms;
import com.restoration.partnerapi.keycloak.revocation.PreviousSecretUse;
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
 * front: after too many failed authentications for a client_id (wrong secret, unknown or disabled client) from
 * one address, that address is refused with {@code 429} and {@code Retry-After} until the window ends, without the
 * secret being checked, known client_id or not. Other addresses, and so the real partner, are not affected. It
 * acts in the realms the extension serves; elsewhere it is Keycloak's authenticator unchanged. The address is Keycloak's resolved client address, which honours proxy
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
        String clientId = claimedClientId(context);
        String source = context.getConnection().getRemoteAddr();
        if (clientId == null || source == null || !PartnerRealms.serves(context.getRealm())) {
            super.authenticateClient(context);
            return;
        }
        String realmId = context.getRealm().getId();
        FailedSecretAttempts attempts = new FailedSecretAttempts(context.getSession(), policy);
        FailedSecretAttempts.Standing standing = attempts.standing(realmId, clientId, source);
        if (standing.locked()) {
            LOG.debugf("Client %s from %s: locked out for %d s", clientId, source, standing.lockedForSeconds());
            // Known or not, the same answer: a lockout must not tell a guesser which client_ids exist. The flow only
            // takes an authenticator's verdict for a client, so an unknown one gets a stand-in.
            ClientModel client = context.getSession().clients().getClientByClientId(context.getRealm(), clientId);
            context.setClient(client != null ? client : UnknownClient.named(clientId));
            PartnerMetrics.global().authenticationFailed(context.getRealm().getName(), PartnerMetrics.clientLabel(clientId, client != null));
            context.getEvent().client(clientId).detail(Details.REASON, LOCKOUT_REASON);
            context.failure(AuthenticationFlowError.USER_TEMPORARILY_DISABLED, tooManyAttempts(context, standing.lockedForSeconds()));
            return;
        }

        super.authenticateClient(context);
        LOG.debugf("Client %s from %s: %s", clientId, source, context.getStatus());

        // Wrong secret, unknown client_id, disabled client: each is a guess.
        if (context.getStatus() == FlowStatus.FAILED) {
            // Keycloak names the client in the flow once it found it registered, whatever the secret.
            String label = PartnerMetrics.clientLabel(clientId, context.getClient() != null);
            PartnerMetrics.global().authenticationFailed(context.getRealm().getName(), label);
            if (attempts.recordFailure(realmId, clientId, source)) {
                PartnerMetrics.global().lockoutBegan(context.getRealm().getName(), label);
            }
        } else if (context.getStatus() == FlowStatus.SUCCESS) {
            if (standing.hasFailures()) {
                attempts.clear(realmId, clientId, source);
            }
            // During a grace period: when the previous secret was last used decides which tokens die with it.
            PreviousSecretUse.noteIfPrevious(context.getSession(), context.getClient(), presentedSecret(context));
        }
    }

    /**
     * The lockout's answer, on every endpoint that authenticates clients (on {@code /authenticate} too: it passes
     * through unchanged). Cache-Control is set on the request's response, where Keycloak's token endpoint sets it,
     * so that the header is sent once.
     */
    private static Response tooManyAttempts(ClientAuthenticationFlowContext context, long retryAfterSeconds) {
        context.getSession().getContext().getHttpResponse().setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        return Response.status(Response.Status.TOO_MANY_REQUESTS)
                .entity(new OAuth2ErrorRepresentation("invalid_client",
                        "Too many failed client authentications from this address; retry after " + retryAfterSeconds + " seconds"))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
                .build();
    }

    /** The secret the parent authenticator checked: the form's {@code client_secret}, else HTTP Basic's. */
    static String presentedSecret(ClientAuthenticationFlowContext context) {
        MediaType type = context.getHttpRequest().getHttpHeaders().getMediaType();
        if (type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
            if (form != null && form.containsKey(OAuth2Constants.CLIENT_SECRET)) {
                return form.getFirst(OAuth2Constants.CLIENT_SECRET);
            }
        }
        String authorization = context.getHttpRequest().getHttpHeaders().getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        try {
            String[] basic = authorization == null ? null : BasicAuthHelper.RFC6749.parseHeader(authorization);
            return basic == null ? null : basic[1];
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /**
     * The client_id Keycloak's parent authenticator will check, read the way it reads it: a form {@code client_id}
     * overrides the HTTP Basic name. Counting any other name would let a guesser put a made-up client in the
     * header and the real one in the body.
     */
    static String claimedClientId(ClientAuthenticationFlowContext context) {
        MediaType type = context.getHttpRequest().getHttpHeaders().getMediaType();
        if (type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
            if (form != null && form.containsKey(OAuth2Constants.CLIENT_ID)) {
                return form.getFirst(OAuth2Constants.CLIENT_ID);
            }
        }
        // The first header, as the parent reads it: a second Authorization header must not hide the first's name.
        String authorization = context.getHttpRequest().getHttpHeaders().getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            return null;
        }
        try {
            String[] basic = BasicAuthHelper.RFC6749.parseHeader(authorization);
            return basic == null ? null : basic[0];
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
