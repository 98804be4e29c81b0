package com.restoration.partnerapi.orders.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes an RFC 9457 problem body from a servlet filter, where no {@code @ExceptionHandler} can help (the
 * security filter chain, the body size limit). Same fields as Spring's {@code ProblemDetail}.
 */
public final class ProblemResponses {

	private ProblemResponses() {
	}

	/** Writes the body for the status already set on the response (or {@code status} if none was). */
	public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String detail) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", status.getReasonPhrase());
		body.put("status", status.value());
		body.put("detail", detail);
		body.put("instance", request.getRequestURI());
		JsonMapper.shared().writeValue(response.getOutputStream(), body);
	}

}
