package com.restoration.partnerapi.orders.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import com.restoration.partnerapi.orders.store.IdempotencyKeyReusedException;
import com.restoration.partnerapi.orders.store.InvalidCursorException;
import com.restoration.partnerapi.orders.store.OrderStatus;

import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error as an RFC 9457 problem ({@code application/problem+json}, through {@link ProblemResponses}) with a
 * {@code detail} a partner's developer can act on, and for invalid input an {@code errors} list of
 * {@code {field, message}} using the JSON names. Never a stack trace, and never a 500 for bad input.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final ProblemResponses problems;

	private final String bodyTooLarge;

	ApiExceptionHandler(ProblemResponses problems,
			@Value("${orders.max-request-body-size}") DataSize maxRequestBodySize) {
		this.problems = problems;
		// The gateway's wording for its own 413 (gateway/partner-api.conf.template), whichever of the two refuses.
		this.bodyTooLarge = "The request body is larger than " + maxRequestBodySize.toKilobytes() + " kB.";
	}

	@ExceptionHandler
	ResponseEntity<Object> orderNotFound(OrderNotFoundException ex) {
		return this.problems.entity(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<Object> idempotencyKeyReused(IdempotencyKeyReusedException ex) {
		return this.problems.entity(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<Object> invalidCursor(InvalidCursorException ex) {
		return invalid(ex.getMessage(), List.of(new InvalidField("cursor", "is not a cursor from this service")));
	}

	/**
	 * Tomcat could not decode the query string ({@code ?limit=%zz}): the client's mistake, not a 500. (Tomcat parses
	 * no other parameters here: no endpoint takes a form.)
	 */
	@ExceptionHandler
	ResponseEntity<Object> undecodableQueryString(InvalidParameterException ex) {
		return this.problems.entity(HttpStatus.BAD_REQUEST,
				"The query string is not valid: a '%' must start an escape of two hexadecimal digits (UTF-8).");
	}

	/** Database unreachable or failing over: the request may succeed later, and Hikari reconnects by itself. */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			RecoverableDataAccessException.class, CannotCreateTransactionException.class })
	ResponseEntity<Object> databaseUnavailable(Exception ex) {
		logger.warn("Database unavailable: {}", ex.getMessage());
		return this.problems.entity(HttpStatus.SERVICE_UNAVAILABLE, "The order database is unavailable; retry shortly.",
				ProblemResponses.RETRY_SHORTLY);
	}

	@ExceptionHandler
	ResponseEntity<Object> unexpected(Exception ex) {
		logger.error("Unexpected error", ex);
		return this.problems.entity(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error.");
	}

	/**
	 * What Spring MVC refuses by itself (an unsupported method or media type, a missing header, ...): its status,
	 * headers ({@code Allow}, {@code Accept}) and detail, written by {@link ProblemResponses} like every other problem.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		String detail = (body instanceof ProblemDetail problem && problem.getDetail() != null) ? problem.getDetail()
				: "The request could not be processed.";
		return this.problems.entity(statusCode, detail.endsWith(".") ? detail : detail + ".", headers);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> fields = ex.getFieldErrors().stream().map(ApiExceptionHandler::invalidField).toList();
		return invalid(fields);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> fields = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			if (result instanceof ParameterErrors errors) {
				errors.getFieldErrors().stream().map(ApiExceptionHandler::invalidField).forEach(fields::add);
			}
			else {
				String name = parameterName(result.getMethodParameter());
				result.getResolvableErrors()
					.forEach((error) -> fields.add(new InvalidField(name, error.getDefaultMessage())));
			}
		}
		return invalid(fields);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return this.problems.entity(HttpStatus.NOT_FOUND, "No such resource.");
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch)
				? parameterName(mismatch.getParameter()) : ex.getPropertyName();
		Class<?> type = ex.getRequiredType();
		String message;
		if (type == OrderStatus.class) {
			message = "must be one of " + String.join(", ",
					Arrays.stream(OrderStatus.values()).map(OrderStatus::value).toList());
		}
		else {
			message = "must be " + describe(type);
		}
		return invalid(List.of(new InvalidField(name, message)));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getMostSpecificCause();
		// Jackson stopped at orders.max-request-body-size (StrictJsonConfiguration). Only its message tells this
		// limit from the others (nesting, number length: a 400 below); OrdersApiErrorsTest fails if it changes.
		// Tomcat closes the connection after a 413, so the unread rest of the body goes nowhere.
		if (cause instanceof StreamConstraintsException tooLong && tooLong.getOriginalMessage() != null
				&& tooLong.getOriginalMessage().startsWith("Document length")) {
			return this.problems.entity(HttpStatus.CONTENT_TOO_LARGE, this.bodyTooLarge);
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			String field = path(unknown);
			return invalid("Unknown field '" + field + "'.", List.of(new InvalidField(field, "is not a known field")));
		}
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			String field = path(mismatch);
			return invalid("Field '" + field + "' has the wrong type.",
					List.of(new InvalidField(field, "must be " + describe(mismatch.getTargetType()))));
		}
		if (cause instanceof InputCoercionException outOfRange && !outOfRange.getPath().isEmpty()) {
			String field = path(outOfRange);
			return invalid("Field '" + field + "' is out of range.",
					List.of(new InvalidField(field, "is out of range for " + describe(outOfRange.getTargetType()))));
		}
		if (cause instanceof StreamReadException duplicate && duplicate.getOriginalMessage() != null
				&& duplicate.getOriginalMessage().startsWith("Duplicate")) {
			return this.problems.entity(HttpStatus.BAD_REQUEST,
					"The request body gives a field more than once" + location(duplicate) + ".");
		}
		if (cause instanceof StreamReadException malformed) {
			return this.problems.entity(HttpStatus.BAD_REQUEST,
					"The request body is not valid JSON" + location(malformed) + ".");
		}
		if (cause instanceof JacksonException) {
			return this.problems.entity(HttpStatus.BAD_REQUEST, "The request body is not a JSON object of the expected shape.");
		}
		return this.problems.entity(HttpStatus.BAD_REQUEST, "A JSON request body is required.");
	}

	private ResponseEntity<Object> invalid(List<InvalidField> fields) {
		String detail = (fields.size() == 1)
				? "Invalid request: '" + fields.get(0).field() + "' " + fields.get(0).message() + "."
				: "Invalid request: " + fields.size() + " fields are invalid.";
		return invalid(detail, fields);
	}

	private ResponseEntity<Object> invalid(String detail, List<InvalidField> fields) {
		return this.problems.entity(HttpStatus.BAD_REQUEST, detail,
				Map.of("errors", fields.stream().sorted(Comparator.comparing(InvalidField::field)).toList()));
	}

	private static InvalidField invalidField(FieldError error) {
		return new InvalidField(jsonName(error.getField()), error.getDefaultMessage());
	}

	private static String parameterName(MethodParameter parameter) {
		RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
		if (header != null && !header.name().isEmpty()) {
			return header.name();
		}
		RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
		if (param != null && !param.name().isEmpty()) {
			return param.name();
		}
		String name = parameter.getParameterName();
		return (name != null) ? jsonName(name) : "parameter";
	}

	/** The JSON (snake_case, see spring.jackson.property-naming-strategy) name of a Java name. */
	private static String jsonName(String javaName) {
		return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return (path.length() > 0) ? path.toString() : "(body)";
	}

	private static String location(StreamReadException ex) {
		return (ex.getLocation() != null && ex.getLocation().getLineNr() > 0)
				? " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")" : "";
	}

	private static String describe(Class<?> type) {
		if (type == null) {
			return "of another type";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "an integer";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type == UUID.class) {
			return "a UUID";
		}
		return "of another type";
	}

	/** One entry of the problem's {@code errors}. */
	record InvalidField(String field, String message) {
	}

}
