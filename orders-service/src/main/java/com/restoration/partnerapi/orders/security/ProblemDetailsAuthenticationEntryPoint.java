package com.restoration.partnerapi.orders.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.restoration.partnerapi.orders.api.ProblemResponses;

import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.StringUtils;

/** 401 (or 400) with Spring's {@code WWW-Authenticate: Bearer error=...} header and a problem body. */
public final class ProblemDetailsAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	private final ProblemResponses problems;

	public ProblemDetailsAuthenticationEntryPoint(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		// Spring Security's status and WWW-Authenticate for the failure; the body is ours.
		this.bearer.commence(request, response, authException);
		this.problems.write(request, response, HttpStatusCode.valueOf(response.getStatus()), detail(authException));
	}

	private static String detail(AuthenticationException ex) {
		if (ex instanceof OAuth2AuthenticationException oauth2) {
			String description = oauth2.getError().getDescription();
			if (!StringUtils.hasText(description)) {
				return "The access token is not valid.";
			}
			// An OAuth2 error_description (also in WWW-Authenticate, left as it is) is a phrase; a detail, a sentence.
			return description.endsWith(".") ? description : description + ".";
		}
		return "An access token is required: send it as 'Authorization: Bearer <token>'.";
	}

}
