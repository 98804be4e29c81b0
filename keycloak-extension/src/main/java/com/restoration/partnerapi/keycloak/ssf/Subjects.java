package com.restoration.partnerapi.keycloak.ssf;

import java.util.Map;

/** The SETs' {@code sub_id} (RFC 9493 and SSF 1.0's complex subject). */
final class Subjects {

    private Subjects() {
    }

    /** A client, by the client_id its tokens carry in {@code azp}. */
    static Map<String, Object> client(String clientId) {
        return Map.of("format", "opaque", "id", clientId);
    }

    /** Every client of the realm. */
    static Map<String, Object> realm(String realmName) {
        return Map.of("format", "complex", "tenant", Map.of("format", "opaque", "id", realmName));
    }

    /** The stream itself, for its verification events. */
    static Map<String, Object> stream(String streamId) {
        return Map.of("format", "opaque", "id", streamId);
    }
}
