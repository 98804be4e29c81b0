package com.restoration.partnerapi.orders.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.restoration.partnerapi.orders.api.ProblemResponses;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Paths Spring Security's firewall refuses ({@code ..}, {@code //}, {@code ;}, encoded slashes and dots): a 400
 * problem like every other error, not Boot's default error body. The path is not echoed back.
 */
@Component
class RejectedRequestHandler implements RequestRejectedHandler {

	private final ProblemResponses problems;

	RejectedRequestHandler(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException rejected) throws IOException {
		this.problems.write(new PathHidingRequest(request), response, HttpStatus.BAD_REQUEST,
				"The request path is not allowed: no '..', '//', ';' or encoded '/', '.' or '%' in a path.");
	}

	/** The rejected path may carry anything; the problem's instance is left generic. */
	private static final class PathHidingRequest extends jakarta.servlet.http.HttpServletRequestWrapper {

		PathHidingRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getRequestURI() {
			return "/accounts";
		}

	}

}
