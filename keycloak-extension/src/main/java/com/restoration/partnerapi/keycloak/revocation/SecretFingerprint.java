package com.restoration.partnerapi.keycloak.revocation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.keycloak.models.ClientModel;

/**
 * Tells whether a client's secret changed since we last looked, for the one change Keycloak reports without the
 * old value: a {@code secret} set through a client update. A salted SHA-256 of the secret, kept as a client
 * attribute; whoever can read client attributes can read the secret itself, so it reveals nothing new.
 */
public final class SecretFingerprint {

    static final String ATTRIBUTE = "partner-api.secret-fingerprint";

    private SecretFingerprint() {
    }

    /** True only when a fingerprint was kept and the secret no longer matches it. */
    static boolean changed(ClientModel client) {
        String kept = client.getAttribute(ATTRIBUTE);
        return kept != null && !kept.equals(of(client));
    }

    public static void keep(ClientModel client) {
        String fingerprint = of(client);
        if (!fingerprint.equals(client.getAttribute(ATTRIBUTE))) {
            client.setAttribute(ATTRIBUTE, fingerprint);
        }
    }

    private static String of(ClientModel client) {
        String secret = client.getSecret();
        if (secret == null) {
            return "none";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((client.getId() + ":" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
