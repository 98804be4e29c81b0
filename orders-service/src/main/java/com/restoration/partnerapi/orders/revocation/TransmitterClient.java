package com.restoration.partnerapi.orders.revocation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON requests to the SSF transmitter, each with the access token of orders-service's client. An answer other than
 * the one expected is a {@link Refused} that says why in words an operator can act on; a refused token is dropped,
 * so the next request fetches another. Neither the token nor a body is ever part of a message.
 */
final class TransmitterClient {

	/** For discovery and stream management, which answer at once. */
	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	/** The realm role the transmitter wants of the client's service account (decision 15). */
	static final String READER_ROLE = "partner-revocations-reader";

	/** HTTP/1.1: a long poll is one plain request, with no HTTP/2 upgrade to negotiate on the way. */
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final RevocationClientToken token;

	private final String clientId;

	private final JsonMapper json;

	TransmitterClient(RevocationClientToken token, String clientId, JsonMapper json) {
		this.token = token;
		this.clientId = clientId;
		this.json = json;
	}

	/** A GET answered {@code 200}. */
	JsonNode get(URI uri) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET(), 200);
	}

	/** A POST of {@code body} (written as JSON) answered {@code expectedStatus}, within {@code timeout}. */
	JsonNode post(URI uri, Object body, int expectedStatus, Duration timeout) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri)
			.timeout(timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body))), expectedStatus);
	}

	private JsonNode send(HttpRequest.Builder request, int expectedStatus) throws IOException, InterruptedException {
		HttpRequest sent = request.header("Accept", "application/json")
			.header("Authorization", "Bearer " + this.token.get())
			.build();
		HttpResponse<String> response = this.http.send(sent, HttpResponse.BodyHandlers.ofString());
		int status = response.statusCode();
		if (status == expectedStatus) {
			return this.json.readTree(response.body());
		}
		switch (status) {
			case 401 -> {
				this.token.invalidate();
				throw new Refused(status, "HTTP 401 from " + sent.uri() + ": the token of client '" + this.clientId
						+ "' was refused; a new one is requested");
			}
			case 403 -> throw new Refused(status, "HTTP 403 from " + sent.uri() + ": the service account of client '"
					+ this.clientId + "' lacks the realm role " + READER_ROLE);
			default -> throw new Refused(status, "HTTP " + status + " from " + sent.uri());
		}
	}

	/** The transmitter answered, but not as expected. */
	static final class Refused extends IOException {

		private final int status;

		Refused(int status, String message) {
			super(message);
			this.status = status;
		}

		int status() {
			return this.status;
		}

	}

}
