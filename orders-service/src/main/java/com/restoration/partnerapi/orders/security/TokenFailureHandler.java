package com.restoration.partnerapi.orders.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.restoration.partnerapi.orders.api.ProblemResponses;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * A token that cannot be checked because the realm's keys were never fetched (Keycloak unreachable since
 * start-up) is our problem, not the client's: 503 and "retry later" instead of Spring's default of
 * rethrowing into a 500. Every other failure is a 401 from the entry point.
 */
final class TokenFailureHandler implements AuthenticationFailureHandler {

	private final AuthenticationEntryPoint entryPoint;

	private final ProblemResponses problems;

	TokenFailureHandler(AuthenticationEntryPoint entryPoint, ProblemResponses problems) {
		this.entryPoint = entryPoint;
		this.problems = problems;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		if (exception instanceof AuthenticationServiceException) {
			this.problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
					"Access tokens cannot be verified right now (the signing keys are unavailable); retry shortly.",
					ProblemResponses.RETRY_SHORTLY);
			return;
		}
		this.entryPoint.commence(request, response, exception);
	}

}
