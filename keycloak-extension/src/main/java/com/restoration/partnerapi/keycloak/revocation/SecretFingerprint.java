package com.restoration.partnerapi.keycloak.revocation;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.keycloak.models.ClientModel;

/**
 * Tells whether a client's secret changed since we last looked, for the one change Keycloak reports without the
 * old value: a {@code secret} set through a client update. Kept as a client attribute, so it travels with exports
 * that mask the secret itself: a password hash (PBKDF2-HMAC-SHA256, salted with the client's id), so that a
 * secret a person chose cannot be guessed from it offline at any useful rate.
 */
public final class SecretFingerprint {

    static final String ATTRIBUTE = "partner-api.secret-fingerprint";

    private static final int ITERATIONS = 10_000;

    private SecretFingerprint() {
    }

    /**
     * Keeps the current secret's fingerprint.
     *
     * @return true only when a fingerprint was kept before and the secret no longer matches it
     */
    public static boolean keep(ClientModel client) {
        String kept = client.getAttribute(ATTRIBUTE);
        String fingerprint = of(client);
        if (!fingerprint.equals(kept)) {
            client.setAttribute(ATTRIBUTE, fingerprint);
        }
        return kept != null && !kept.equals(fingerprint);
    }

    private static String of(ClientModel client) {
        String secret = client.getSecret();
        if (secret == null || secret.isEmpty()) {
            return "none";
        }
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(secret.toCharArray(), client.getId().getBytes(StandardCharsets.UTF_8), ITERATIONS, 256))
                    .getEncoded();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }
}
