package com.restoration.partnerapi.orders.api;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The one place where a status and a detail become an RFC 9457 problem ({@code application/problem+json}): Spring's
 * {@link ProblemDetail}, written with the application's JSON mapper. {@link ApiExceptionHandler} returns
 * {@link #entity} for Spring MVC to write; the handlers Spring Security calls before Spring MVC runs
 * ({@code security/}) {@link #write} it themselves. Every problem has {@code title}, {@code status},
 * {@code detail} and {@code instance}, and no {@code type}: absent, RFC 9457 reads it as {@code about:blank}.
 */
@Component
public class ProblemResponses {

	/** A temporary failure: the request may well succeed a few seconds later. */
	public static final HttpHeaders RETRY_SHORTLY = retryAfter("5");

	private final JsonMapper jsonMapper;

	public ProblemResponses(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public ResponseEntity<Object> entity(HttpStatusCode status, String detail) {
		return entity(status, detail, HttpHeaders.EMPTY, Map.of());
	}

	public ResponseEntity<Object> entity(HttpStatusCode status, String detail, HttpHeaders headers) {
		return entity(status, detail, headers, Map.of());
	}

	/** With extension members ({@code properties}), such as the {@code errors} of invalid input. */
	public ResponseEntity<Object> entity(HttpStatusCode status, String detail, Map<String, ?> properties) {
		return entity(status, detail, HttpHeaders.EMPTY, properties);
	}

	private ResponseEntity<Object> entity(HttpStatusCode status, String detail, HttpHeaders headers,
			Map<String, ?> properties) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		properties.forEach(problem::setProperty);
		// Spring MVC adds the instance (the request's path) and picks application/problem+json for a ProblemDetail.
		return ResponseEntity.status(status).headers(headers).body(problem);
	}

	/**
	 * Writes the problem as the response, with the headers already set on it (Spring Security's
	 * {@code WWW-Authenticate}) and {@code headers}.
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String detail,
			HttpHeaders headers) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		// What Spring MVC sets on the problems it writes.
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(status.value());
		headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

	public void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String detail)
			throws IOException {
		write(request, response, status, detail, HttpHeaders.EMPTY);
	}

	private static HttpHeaders retryAfter(String seconds) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, seconds);
		return HttpHeaders.readOnlyHttpHeaders(headers);
	}

}
