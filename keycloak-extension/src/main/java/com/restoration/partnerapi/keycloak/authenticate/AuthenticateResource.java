package com.restoration.partnerapi.keycloak.authenticate;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.ErrorResponseException;

/**
 * {@code POST /realms/{realm}/partner-api/authenticate}: the partners' token endpoint.
 *
 * <p>Underneath it is Keycloak's own {@link TokenEndpoint}: the realm's client authentication flow, the
 * client_credentials grant, client policies, protocol mappers and events are all Keycloak's. This class only
 * adds the documented contract on top: request shape rules, RFC 6749 error codes, and a three-field body.
 * Errors are thrown as Keycloak's own exceptions, which also roll the request's transaction back.
 */
public class AuthenticateResource {

    private final KeycloakSession session;

    public AuthenticateResource(KeycloakSession session) {
        this.session = session;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response authenticate() {
        KeycloakContext context = session.getContext();
        noStore();
        // Quarkus has decoded the form before this method runs: a body that is not form encoding never gets here.
        HttpRequest request = new TrimmedFormRequest(context.getHttpRequest());
        EventBuilder event = new EventBuilder(context.getRealm(), session, context.getConnection());

        TokenRequestRules.TokenRequest tokenRequest = TokenRequestRules.TokenRequest.of(request);
        OAuthError refusal = TokenRequestRules.check(tokenRequest).orElse(null);
        if (refusal != null) {
            RefusalEvent.record(event, tokenRequest, refusal);
            throw refusal.toException(context);
        }

        context.setHttpRequest(request);
        int secondBefore = Time.currentTime();
        Response response;
        try {
            response = new TokenEndpoint(session, new TokenManager(), event).processGrantRequest();
        } catch (WebApplicationException keycloakError) {
            // Nothing of a refused request is kept, whichever exception Keycloak threw (not all of them say so).
            session.getTransactionManager().setRollbackOnly();
            throw KeycloakErrorTranslation.translate(keycloakError, context);
        }
        if (!(response.getEntity() instanceof AccessTokenResponse token)) {
            throw new IllegalStateException("Keycloak answered a client_credentials grant without a token");
        }
        // Serialized here, once, and sent as bytes: cheaper per token than Quarkus' Jackson response writer (the
        // profile of RS256 tokens, bench/RESULTS.md).
        return Response.ok(PartnerTokenResponse.of(token, secondBefore, Time.currentTime()).json(),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    public Response get() {
        throw methodNotAllowed();
    }

    @PUT
    public Response put() {
        throw methodNotAllowed();
    }

    @DELETE
    public Response delete() {
        throw methodNotAllowed();
    }

    @PATCH
    public Response patch() {
        throw methodNotAllowed();
    }

    /** RFC 6749 §5.1: token responses must not be cached. Keycloak's TokenEndpoint sets the same two headers. */
    private void noStore() {
        session.getContext().getHttpResponse().setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        session.getContext().getHttpResponse().setHeader("Pragma", "no-cache");
    }

    private ErrorResponseException methodNotAllowed() {
        noStore();
        session.getContext().getHttpResponse().setHeader(HttpHeaders.ALLOW, "POST");
        return new ErrorResponseException(OAuthErrorException.INVALID_REQUEST,
                "Use POST with an application/x-www-form-urlencoded body", Response.Status.METHOD_NOT_ALLOWED);
    }
}
