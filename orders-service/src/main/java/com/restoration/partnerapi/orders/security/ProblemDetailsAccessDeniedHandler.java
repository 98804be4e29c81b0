package com.restoration.partnerapi.orders.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.restoration.partnerapi.orders.api.ProblemResponses;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 403 with {@code WWW-Authenticate: Bearer error="insufficient_scope"} and a problem body. The detail is
 * the same for a missing scope and for another partner's account, and says nothing about the data there.
 */
public final class ProblemDetailsAccessDeniedHandler implements AccessDeniedHandler {

	private final BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();

	private final ProblemResponses problems;

	public ProblemDetailsAccessDeniedHandler(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		this.bearer.handle(request, response, accessDeniedException);
		this.problems.write(request, response, HttpStatus.FORBIDDEN,
				"This access token does not allow this request: it must be issued to the account's own client "
						+ "and carry the scope the operation needs (orders:read or orders:write).");
	}

}
