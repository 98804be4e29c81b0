package com.restoration.partnerapi.keycloak.authenticate;

import java.util.Optional;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;
import org.keycloak.representations.AccessTokenResponse;

/**
 * {@code POST /realms/{realm}/partner-api/authenticate}: the partners' token endpoint.
 *
 * <p>Underneath it is Keycloak's own {@link TokenEndpoint}: the realm's client authentication flow, the
 * client_credentials grant, client policies, protocol mappers and events are all Keycloak's. This class only
 * adds the documented contract on top: request shape rules, RFC 6749 error codes, and a three-field body.
 */
public class AuthenticateResource {

    private final KeycloakSession session;

    public AuthenticateResource(KeycloakSession session) {
        this.session = session;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response authenticate() {
        noStore();
        RealmModel realm = session.getContext().getRealm();
        HttpRequest request = new TrimmedFormRequest(session.getContext().getHttpRequest());
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection());

        String contentType = request.getHttpHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE);
        String authorization = request.getHttpHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        MultivaluedMap<String, String> form;
        try {
            form = TokenRequestRules.isForm(contentType) ? request.getDecodedFormParameters() : new MultivaluedHashMap<>();
        } catch (RuntimeException undecodable) {
            // A malformed body (a bad %-escape, say) is the partner's error, not the server's.
            OAuthError error = OAuthError.invalidRequest("The body is not valid application/x-www-form-urlencoded");
            recordRejection(event, new MultivaluedHashMap<>(), authorization, error);
            return TokenResponses.error(error, realm.getName());
        }
        Optional<OAuthError> rejection = TokenRequestRules.check(new TokenRequestRules.TokenRequest(
                contentType, authorization, request.getUri().getQueryParameters(), form));
        if (rejection.isPresent()) {
            recordRejection(event, form, authorization, rejection.get());
            return TokenResponses.error(rejection.get(), realm.getName());
        }

        session.getContext().setHttpRequest(request);
        try {
            Response response = new TokenEndpoint(session, new TokenManager(), event).processGrantRequest();
            if (response.getEntity() instanceof AccessTokenResponse token) {
                return TokenResponses.token(token);
            }
            return fail(response, realm);
        } catch (WebApplicationException e) {
            return fail(e.getResponse(), realm);
        }
    }

    @GET
    public Response get() {
        return methodNotAllowed();
    }

    @PUT
    public Response put() {
        return methodNotAllowed();
    }

    @DELETE
    public Response delete() {
        return methodNotAllowed();
    }

    @PATCH
    public Response patch() {
        return methodNotAllowed();
    }

    private Response fail(Response keycloakResponse, RealmModel realm) {
        // Keycloak rolls back a failed token request; returning a response instead of throwing must not commit it.
        session.getTransactionManager().setRollbackOnly();
        boolean clientAuthenticated = session.getContext().getClient() != null;
        return TokenResponses.error(KeycloakErrorTranslation.translate(keycloakResponse, clientAuthenticated), realm.getName());
    }

    /** RFC 6749 §5.1: token responses must not be cached. Keycloak's TokenEndpoint sets the same two headers. */
    private void noStore() {
        session.getContext().getHttpResponse().setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        session.getContext().getHttpResponse().setHeader("Pragma", "no-cache");
    }

    private Response methodNotAllowed() {
        noStore();
        OAuthError error = new OAuthError(405, OAuthError.INVALID_REQUEST, "Use POST with an application/x-www-form-urlencoded body");
        return Response.fromResponse(TokenResponses.error(error, session.getContext().getRealm().getName()))
                .header(HttpHeaders.ALLOW, "POST").build();
    }

    /** Same event as Keycloak's token endpoint records for a failed client login. */
    private static void recordRejection(EventBuilder event, MultivaluedMap<String, String> form, String authorization,
                                        OAuthError error) {
        String clientId = form.getFirst(OAuth2Constants.CLIENT_ID);
        if (clientId == null && authorization != null) {
            String[] basic = TokenRequestRules.parseBasic(authorization);
            clientId = basic == null ? null : basic[0];
        }
        if (clientId != null && (clientId.length() > 255 || clientId.chars().anyMatch(Character::isISOControl))) {
            clientId = null; // not a client id, and PostgreSQL refuses a NUL in the event store
        }
        event.event(EventType.CLIENT_LOGIN)
                .client(clientId)
                .detail(Details.GRANT_TYPE, form.getFirst(OAuth2Constants.GRANT_TYPE))
                .detail(Details.REASON, error.description())
                .error(error.error());
    }
}
