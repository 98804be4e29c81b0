package com.restoration.partnerapi.keycloak.ssf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.restoration.partnerapi.keycloak.realm.PartnerRealms;
import com.restoration.partnerapi.keycloak.revocation.ResourceServerCaller;
import com.restoration.partnerapi.keycloak.revocation.RevocationLog;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/partner-api/ssf}: stream management (SSF 1.0 §8.1) and poll delivery (RFC 8936) for
 * resource servers (see {@link ResourceServerCaller}). A receiver sees and changes only the streams its client made.
 */
public class SsfResource {

    private static final Logger LOG = Logger.getLogger(SsfResource.class);

    private final KeycloakSession session;

    public SsfResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("streams")
    @Produces(MediaType.APPLICATION_JSON)
    public Response read(@QueryParam("stream_id") String streamId) {
        return answer(() -> {
            Caller caller = caller();
            if (streamId == null) {
                List<StreamConfiguration> all = Streams.of(caller.em(), caller.realm(), caller.owner()).stream()
                        .map(caller::configuration).toList();
                return ok(all);
            }
            return ok(caller.configuration(caller.stream(streamId)));
        });
    }

    @POST
    @Path("streams")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return answer(() -> {
            Caller caller = caller();
            JsonNode json = SsfRequests.object(body);
            SsfRequests.pollDelivery(json);
            List<String> eventsRequested = SsfRequests.eventTypes(json);
            String description = SsfRequests.text(json, "description", false);
            List<StreamEntity> existing = Streams.of(caller.em(), caller.realm(), caller.owner());
            if (existing.size() >= Streams.MAX_PER_RECEIVER && Streams.dropIdle(caller.em(), existing) == 0) {
                return error(Response.Status.CONFLICT, "This receiver has " + Streams.MAX_PER_RECEIVER
                        + " streams, each polled within the last hour; delete one it no longer polls");
            }
            StreamEntity stream = Streams.create(caller.em(), caller.realm(), caller.owner(), eventsRequested, description);
            Map<String, Integer> inForce = RevocationLog.entries(caller.realm());
            EventQueue.revocationsInForce(session, caller.realm(), stream, inForce);
            EventQueue.revocationsCommittedMeanwhile(session, caller.realm(), stream.getId(), inForce);
            LOG.infof("SSF stream %s created for receiver %s in realm %s", stream.getId(), caller.owner().getClientId(),
                    caller.realm().getName());
            return Response.status(Response.Status.CREATED).entity(caller.configuration(stream))
                    .type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        });
    }

    /** Changes what the request names: {@code events_requested}, {@code description}; the rest is the transmitter's. */
    @PATCH
    @Path("streams")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(String body) {
        return change(body, false);
    }

    /** Replaces what the receiver may set: absent fields take their defaults (all events, no description). */
    @PUT
    @Path("streams")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response replace(String body) {
        return change(body, true);
    }

    private Response change(String body, boolean replace) {
        return answer(() -> {
            Caller caller = caller();
            JsonNode json = SsfRequests.object(body);
            StreamEntity stream = caller.stream(SsfRequests.text(json, "stream_id", true));
            SsfRequests.pollDelivery(json);
            List<String> eventsRequested = SsfRequests.eventTypes(json);
            String description = SsfRequests.text(json, "description", false);
            if (replace || eventsRequested != null) {
                stream.setEventsRequested(Streams.requested(eventsRequested));
            }
            if (replace || json.has("description")) {
                stream.setDescription(description);
            }
            return ok(caller.configuration(stream));
        });
    }

    @DELETE
    @Path("streams")
    public Response delete(@QueryParam("stream_id") String streamId) {
        return answer(() -> {
            Caller caller = caller();
            Streams.delete(caller.em(), caller.stream(streamId).getId());
            return Response.noContent().build();
        });
    }

    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@QueryParam("stream_id") String streamId) {
        return answer(() -> {
            Caller caller = caller();
            return ok(status(caller.stream(streamId)));
        });
    }

    /** {@code enabled}, {@code paused} (events are kept, not delivered) or {@code disabled} (events are dropped). */
    @POST
    @Path("status")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response setStatus(String body) {
        return answer(() -> {
            Caller caller = caller();
            JsonNode json = SsfRequests.object(body);
            StreamEntity stream = caller.stream(SsfRequests.text(json, "stream_id", true));
            String status = SsfRequests.text(json, "status", true);
            if (!Streams.STATUSES.contains(status)) {
                throw SsfRequests.invalid("status must be one of enabled, paused, disabled");
            }
            boolean wasDisabled = "disabled".equals(stream.getStatus());
            stream.setStatus(status);
            stream.setStatusReason(SsfRequests.text(json, "reason", false));
            if (wasDisabled && !"disabled".equals(status)) {
                // A disabled stream kept nothing: it learns again what is in force, as a new stream does.
                EventQueue.revocationsInForce(session, caller.realm(), stream, RevocationLog.entries(caller.realm()));
            }
            if ("disabled".equals(status)) {
                caller.em().createNamedQuery("partnerSsfDropStreamEvents").setParameter("streamId", stream.getId())
                        .executeUpdate();
            }
            LOG.infof("SSF stream %s of receiver %s is now %s", stream.getId(), caller.owner().getClientId(), status);
            return ok(status(stream));
        });
    }

    /** Queues a verification event (SSF 1.0 §8.1.4), at most one per stream every few seconds. */
    @POST
    @Path("verify")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response verify(String body) {
        return answer(() -> {
            Caller caller = caller();
            JsonNode json = SsfRequests.object(body);
            StreamEntity stream = caller.stream(SsfRequests.text(json, "stream_id", true));
            String state = SsfRequests.text(json, "state", false);
            long now = Time.currentTimeMillis();
            long next = stream.getLastVerificationAt() + Streams.MIN_VERIFICATION_INTERVAL_SECONDS * 1000L;
            if (now < next) {
                return Response.status(Response.Status.TOO_MANY_REQUESTS).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(Map.of("error", "too_many_requests", "error_description", "One verification per "
                                + Streams.MIN_VERIFICATION_INTERVAL_SECONDS + " s; retry after Retry-After seconds"))
                        .header(HttpHeaders.RETRY_AFTER, (next - now + 999) / 1000)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
            }
            stream.setLastVerificationAt(now);
            if (!"disabled".equals(stream.getStatus())) {
                EventQueue.verification(session, stream, state);
            }
            return Response.noContent().build();
        });
    }

    /**
     * Poll delivery (RFC 8936 §2.4): acknowledges what {@code ack} and {@code setErrs} name, then returns up to
     * {@code maxEvents} SETs, waiting for one up to {@value Delivery#LONG_POLL_SECONDS} s unless
     * {@code returnImmediately}.
     */
    @POST
    @Path("poll/{streamId}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response poll(@PathParam("streamId") String streamId, String body) {
        return answer(() -> {
            Caller caller = caller();
            SsfRequests.Poll request = SsfRequests.poll(body);
            if (!request.errors().isEmpty()) {
                Map.Entry<String, String> first = request.errors().entrySet().iterator().next();
                LOG.warnf("SSF receiver %s could not process %d SET(s) of stream %s, e.g. %s: %s",
                        caller.owner().getClientId(), request.errors().size(), printable(streamId),
                        printable(first.getKey()), printable(first.getValue()));
            }
            List<String> done = new ArrayList<>(request.acknowledged());
            done.addAll(request.errors().keySet());
            Delivery.Batch batch;
            try {
                batch = Delivery.poll(session.getKeycloakSessionFactory(), caller.realm(), streamId, caller.owner().getId(),
                        done, request.maxEvents(), request.returnImmediately());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return error(Response.Status.SERVICE_UNAVAILABLE, "The server is stopping; poll again");
            }
            if (batch.stream() == null) {
                throw new NotFoundException();
            }
            Map<String, String> sets = new LinkedHashMap<>();
            String issuer = caller.issuer();
            batch.events().forEach(event -> sets.put(event.jti(),
                    SecurityEventTokens.sign(session, caller.realm(), issuer, batch.stream().getAudience(), event)));
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("sets", sets);
            reply.put("moreAvailable", batch.moreAvailable());
            return ok(reply);
        });
    }

    /** A receiver's words in our log: nothing that could forge a line. */
    private static String printable(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9_.:-]", "?");
        return safe.length() > 64 ? safe.substring(0, 64) + "..." : safe;
    }

    private static StreamConfiguration.Status status(StreamEntity stream) {
        return new StreamConfiguration.Status(stream.getId(), stream.getStatus(), stream.getStatusReason());
    }

    private Caller caller() {
        RealmModel realm = session.getContext().getRealm();
        if (!PartnerRealms.serves(realm)) {
            throw new NotFoundException();
        }
        ClientModel owner = ResourceServerCaller.authenticate(session, realm).client();
        return new Caller(session, realm, owner, EventQueue.em(session));
    }

    /** The authenticated receiver of this request. */
    private record Caller(KeycloakSession session, RealmModel realm, ClientModel owner, EntityManager em) {

        StreamEntity stream(String streamId) {
            if (streamId == null) {
                throw SsfRequests.invalid("stream_id is required");
            }
            StreamEntity stream = Streams.find(em, realm, owner, streamId);
            if (stream == null) {
                throw new NotFoundException();
            }
            return stream;
        }

        String issuer() {
            return SsfConfiguration.issuer(session, realm);
        }

        StreamConfiguration configuration(StreamEntity stream) {
            String issuer = issuer();
            String backend = SsfConfiguration.backend(session, realm);
            return new StreamConfiguration(stream.getId(), issuer, stream.getAudience(), EventTypes.SUPPORTED,
                    Streams.requested(stream), Streams.eventTypes(stream),
                    new StreamConfiguration.Delivery(StreamConfiguration.POLL,
                            SsfConfiguration.endpoint(backend, "poll/" + stream.getId())),
                    Streams.MIN_VERIFICATION_INTERVAL_SECONDS, Retention.seconds(realm), stream.getDescription());
        }
    }

    /** Runs an endpoint's work; a request it cannot take is a {@code 400} that says why. */
    private static Response answer(Supplier<Response> work) {
        try {
            return work.get();
        } catch (SsfRequests.Invalid e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        } catch (ResourceServerCaller.Refused refused) {
            return refused.response();
        }
    }

    private static Response ok(Object entity) {
        return Response.ok(entity, MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static Response error(Response.Status status, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", "invalid_request", "error_description", description))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
