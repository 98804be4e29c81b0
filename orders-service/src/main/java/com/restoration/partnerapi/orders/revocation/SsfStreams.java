package com.restoration.partnerapi.orders.revocation;

import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Finds this service's SSF stream, or creates it: the transmitter's configuration endpoint from its discovery
 * document ({@code /.well-known/ssf-configuration}), then the receiver's streams there, and the one whose
 * {@code description} is ours. Only when there is none is one created, so a restart keeps its stream and the events
 * queued in it.
 */
final class SsfStreams {

	static final String POLL_DELIVERY = "urn:ietf:rfc:8936";

	static final List<String> EVENTS_REQUESTED = List.of(RevocationEvents.CREDENTIAL_CHANGE,
			RevocationEvents.SESSION_REVOKED, RevocationEvents.VERIFICATION);

	private final TransmitterClient transmitter;

	private final URI discovery;

	private final String description;

	SsfStreams(TransmitterClient transmitter, URI discovery, String description) {
		this.transmitter = transmitter;
		this.discovery = discovery;
		this.description = description;
	}

	SsfStream findOrCreate() throws IOException, InterruptedException {
		URI configurationEndpoint = uri(this.transmitter.get(this.discovery), "configuration_endpoint",
				this.discovery);
		for (JsonNode stream : each(this.transmitter.get(configurationEndpoint))) {
			if (this.description.equals(text(stream.get("description")))) {
				return stream(stream, false, configurationEndpoint);
			}
		}
		JsonNode created = this.transmitter.post(configurationEndpoint,
				Map.of("delivery", Map.of("method", POLL_DELIVERY), "events_requested", EVENTS_REQUESTED,
						"description", this.description),
				201, TransmitterClient.REQUEST_TIMEOUT);
		return stream(created, true, configurationEndpoint);
	}

	URI discovery() {
		return this.discovery;
	}

	/** The streams of a GET: an array, as decision 15 says; a lone stream as an object is read too. */
	private static Collection<JsonNode> each(JsonNode streams) {
		return streams.isArray() ? streams.values() : streams.isObject() ? List.of(streams) : List.of();
	}

	private static SsfStream stream(JsonNode stream, boolean created, URI from) throws IOException {
		String id = text(stream.get("stream_id"));
		if (id == null) {
			throw new IOException("A stream from " + from + " has no stream_id");
		}
		if (!POLL_DELIVERY.equals(text(stream.at("/delivery/method")))) {
			throw new IOException("Stream " + id + " from " + from + " is not delivered by poll (" + POLL_DELIVERY + ")");
		}
		return new SsfStream(id, uri(stream.get("delivery"), "endpoint_url", from), created);
	}

	private static URI uri(JsonNode document, String name, URI from) throws IOException {
		String value = (document != null) ? text(document.get(name)) : null;
		if (value == null) {
			throw new IOException("No " + name + " in the answer of " + from);
		}
		try {
			return URI.create(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("The " + name + " from " + from + " is not a URI", ex);
		}
	}

	private static String text(JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

	/**
	 * One stream of this receiver.
	 * @param id      its {@code stream_id}
	 * @param pollUri its {@code delivery.endpoint_url}, where SETs are polled
	 * @param created whether it was created now rather than found
	 */
	record SsfStream(String id, URI pollUri, boolean created) {
	}

}
