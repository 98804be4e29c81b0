package com.restoration.partnerapi.orders.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
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
 *
 * <p>
 * The usual header, {@code Bearer <token>} with the token's characters of RFC 6750, is read here without
 * {@link DefaultBearerTokenResolver}'s regular expression (over a token of several hundred characters, a noticeable
 * share of a read's CPU); any other header goes to that resolver, whose rules and errors stay Spring's.
 */
public final class HeaderOnlyBearerTokenResolver implements BearerTokenResolver {

	private static final String ACCESS_TOKEN_PARAMETER = "access_token";

	private static final String BEARER = "Bearer ";

	private final DefaultBearerTokenResolver headerResolver = new DefaultBearerTokenResolver();

	@Override
	public String resolve(HttpServletRequest request) {
		if (hasQueryParameter(request.getQueryString(), ACCESS_TOKEN_PARAMETER)) {
			throw new OAuth2AuthenticationException(new BearerTokenError(BearerTokenErrorCodes.INVALID_TOKEN,
					HttpStatus.UNAUTHORIZED, "Access tokens are accepted only in the Authorization header",
					"https://datatracker.ietf.org/doc/html/rfc6750#section-2.1"));
		}
		String token = plainBearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
		return (token != null) ? token : this.headerResolver.resolve(request);
	}

	/** The token of {@code Bearer <b64token>} (case-insensitive scheme, RFC 6750 §2.1); otherwise null. */
	static String plainBearerToken(String authorization) {
		int start = BEARER.length();
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, start)) {
			return null;
		}
		int end = authorization.length();
		while (end > start && authorization.charAt(end - 1) == '=') {
			end--;
		}
		if (end == start) {
			return null;
		}
		for (int i = start; i < end; i++) {
			if (!isTokenCharacter(authorization.charAt(i))) {
				return null;
			}
		}
		return authorization.substring(start);
	}

	private static boolean isTokenCharacter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
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
