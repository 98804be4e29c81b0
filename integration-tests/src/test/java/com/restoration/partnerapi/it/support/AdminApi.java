package com.restoration.partnerapi.it.support;

import jakarta.ws.rs.core.Response;

/** What the tests share when they create things through Keycloak's admin REST API. */
public final class AdminApi {

    private AdminApi() {
    }

    /** The id of what a create call made (the last segment of its Location), or an error naming {@code what}. */
    public static String createdId(Response response, String what) {
        if (response.getStatus() != 201) {
            throw new IllegalStateException(what + " gave " + response.getStatus());
        }
        String path = response.getLocation().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
