package com.restoration.partnerapi.keycloak.quota;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.restoration.partnerapi.keycloak.credentials.ClientUsage;
import com.restoration.partnerapi.keycloak.metrics.PartnerMetrics;
import com.restoration.partnerapi.keycloak.realm.PartnerRealms;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.http.HttpResponse;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantType;
import org.keycloak.services.CorsErrorResponseException;

/**
 * Keycloak's client_credentials grant with the token quota in front, for partner clients (the marker scope; not
 * resource servers such as orders-service's feed client): it runs once the client is authenticated
 * (an unauthenticated caller can neither spend nor learn a partner's quota) and before a token is made, on every
 * endpoint that issues one (/authenticate and Keycloak's own token endpoint alike). In the realms the extension
 * serves, each token response carries the quota's {@code RateLimit-Policy} and {@code RateLimit} headers; over an
 * enforced quota the answer is {@code 429 too_many_requests} with {@code Retry-After}.
 */
final class QuotaClientCredentialsGrantType extends ClientCredentialsGrantType {

    private static final Logger LOG = Logger.getLogger(QuotaClientCredentialsGrantType.class);

    private final TokenQuotaCheck check;

    QuotaClientCredentialsGrantType(TokenQuotaCheck check) {
        this.check = check;
    }

    @Override
    public Response process(Context context) {
        RealmModel realm = context.getRealm();
        ClientModel client = context.getClient();
        if (client == null || !PartnerRealms.serves(realm) || !PartnerMarker.marked(client)) {
            return super.process(context);
        }
        PartnerMetrics metrics = PartnerMetrics.global();
        TokenQuota quota = TokenQuota.of(realm, client);
        if (!quota.limited()) {
            Response token = super.process(context);
            issued(context, metrics);
            return token;
        }
        TokenQuotaCheck.Pending pending = check.check(context.getSession(), realm, client, quota, Time.currentTimeMillis());
        QuotaDecision decision = pending.decision();
        if (pending.firstOfTheDay()) {
            registerGauges(realm, client, decision);
        }
        if (decision.overrun()) {
            metrics.quotaExceeded(realm.getName(), client.getClientId(), quota.mode().label());
        }
        HttpResponse response = context.getResponse();
        if (decision.refused()) {
            long retryAfter = decision.retryAfterSeconds();
            setRateLimitHeaders(response, decision);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
            // Counted (partner_api_quota_exceeded_total) and logged, not stored as an event: a client looping on its
            // quota would otherwise write a row per refusal.
            LOG.debugf("Client %s: token quota used up (%s), refused", client.getClientId(), decision.policyHeader());
            throw new CorsErrorResponseException(context.getCors(), "too_many_requests",
                    "Token quota used up (" + decision.policyHeader() + "); a token lasts an hour, so keep it and"
                            + " reuse it. Retry after " + retryAfter + " seconds",
                    Response.Status.TOO_MANY_REQUESTS);
        }
        // Counted once issued: a request Keycloak refuses further on costs the partner nothing.
        Response token = super.process(context);
        setRateLimitHeaders(response, pending.counted());
        issued(context, metrics);
        return token;
    }

    private static void issued(Context context, PartnerMetrics metrics) {
        metrics.tokenIssued(context.getRealm().getName(), context.getClient().getClientId());
        ClientUsage.tokenIssued(context.getSession(), context.getClient(), Time.currentTime());
    }

    private static void setRateLimitHeaders(HttpResponse response, QuotaDecision decision) {
        response.setHeader("RateLimit-Policy", decision.policyHeader());
        response.setHeader("RateLimit", decision.rateLimitHeader());
    }

    private void registerGauges(RealmModel realm, ClientModel client, QuotaDecision decision) {
        String realmId = realm.getId();
        String clientUuid = client.getId();
        for (Window window : Window.values()) {
            PartnerMetrics.global().quotaUsedRatio(realm.getName(), client.getClientId(), window.label(),
                    () -> check.usedRatio(realmId, clientUuid, window, Time.currentTimeMillis()));
        }
    }
}
