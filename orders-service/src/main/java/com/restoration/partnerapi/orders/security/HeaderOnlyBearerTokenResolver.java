package com.restoration.partnerapi.orders.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Tokens only in the {@code Authorization} header. A token in the query string ends up in access logs and
 * browser history, so such a request is refused with 401 even when the header carries a valid token,
 * rather than silently ignoring the parameter.
 */
public final class HeaderOnlyBearerTokenResolver implements BearerTokenResolver {

	private static final String ACCESS_TOKEN_PARAMETER = "access_token";

	private final DefaultBearerTokenResolver headerResolver = new DefaultBearerTokenResolver();

	@Override
	public String resolve(HttpServletRequest request) {
		if (hasQueryParameter(request.getQueryString(), ACCESS_TOKEN_PARAMETER)) {
			throw new OAuth2AuthenticationException(new BearerTokenError(BearerTokenErrorCodes.INVALID_TOKEN,
					HttpStatus.UNAUTHORIZED, "Access tokens are accepted only in the Authorization header",
					"https://datatracker.ietf.org/doc/html/rfc6750#section-2.1"));
		}
		return this.headerResolver.resolve(request);
	}

	private static boolean hasQueryParameter(String query, String name) {
		if (query == null) {
			return false;
		}
		for (String pair : query.split("&")) {
			String key = pair.split("=", 2)[0];
			if (name.equals(decode(key))) {
				return true;
			}
		}
		return false;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

}
