package com.restoration.partnerapi.orders.security;

import java.util.function.Supplier;

import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Tenant isolation: a token may only be used on the account of the client it was issued to, i.e. its
 * {@code azp} must equal {@code {clientId}} in the path. Checked before any handler runs, so a partner
 * gets the same 403 for another partner's orders whether or not they exist.
 */
public final class OwnAccountAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

	public static final String CLIENT_ID_VARIABLE = "clientId";

	/** Own account and the given scope, e.g. {@code orders:read}. */
	public static AuthorizationManager<RequestAuthorizationContext> ownAccountWithScope(String scope) {
		return AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasAuthority("SCOPE_" + scope),
				new OwnAccountAuthorization());
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		String clientId = context.getVariables().get(CLIENT_ID_VARIABLE);
		// The claim as Keycloak sent it (a string), without getClaimAsString's conversion on every request.
		boolean own = clientId != null && authentication.get() instanceof JwtAuthenticationToken token
				&& clientId.equals(token.getTokenAttributes().get("azp"));
		return new AuthorizationDecision(own);
	}

}
