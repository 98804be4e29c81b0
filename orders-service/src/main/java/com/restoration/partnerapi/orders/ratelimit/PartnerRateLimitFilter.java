package com.restoration.partnerapi.orders.ratelimit;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.restoration.partnerapi.orders.api.ProblemResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The partner's quota on an orders request, in the security filter chain once the token is verified and before the
 * request is authorized: a request that carries no valid token (a 401) counts for no one and gets no RateLimit
 * headers. Every other orders response (2xx, and the 4xx problems that come after authentication: 403, 404, 400, ...)
 * carries {@code RateLimit-Policy} and {@code RateLimit} (draft-ietf-httpapi-ratelimit-headers, their structured-field
 * form); beyond the quota, a 429 problem with {@code Retry-After}.
 */
public final class PartnerRateLimitFilter implements Filter {

	public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

	public static final String RATE_LIMIT = "RateLimit";

	private final PartnerRateLimiter limiter;

	private final ProblemResponses problems;

	private final String tooManyRequests;

	public PartnerRateLimitFilter(PartnerRateLimiter limiter, ProblemResponses problems) {
		this.limiter = limiter;
		this.problems = problems;
		long seconds = limiter.window().toSeconds();
		this.tooManyRequests = "This client has used its " + limiter.requests() + " requests per "
				+ ((seconds == 1) ? "second" : seconds + " seconds")
				+ "; retry after the number of seconds in Retry-After.";
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		String clientId = partner(request);
		if (clientId != null) {
			HttpServletResponse response = (HttpServletResponse) servletResponse;
			PartnerRateLimiter.Decision decision = this.limiter.consume(clientId);
			response.setHeader(RATE_LIMIT_POLICY, this.limiter.policy());
			response.setHeader(RATE_LIMIT, "\"partner\";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
			if (!decision.allowed()) {
				HttpHeaders retryAfter = new HttpHeaders();
				retryAfter.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.resetSeconds()));
				this.problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, this.tooManyRequests, retryAfter);
				return;
			}
		}
		chain.doFilter(servletRequest, servletResponse);
	}

	/**
	 * The client_id ({@code azp}) of a request's verified token, once per request; otherwise null. Every request
	 * with a partner's token counts, whatever its path: a path test on the raw URI would miss {@code /%61ccounts/...},
	 * which Spring decodes to the same endpoint.
	 */
	private static String partner(HttpServletRequest request) {
		if (request.getDispatcherType() != DispatcherType.REQUEST) {
			return null;
		}
		// The claim as Keycloak sent it (a string), like the own-account rule reads it.
		return (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
				&& token.getTokenAttributes().get("azp") instanceof String azp) ? azp : null;
	}

}
