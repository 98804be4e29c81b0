package com.restoration.partnerapi.keycloak.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.restoration.partnerapi.keycloak.credentials.ClientUsage;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.Event;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCClientSecretConfigWrapper;

/** What the dashboard shows of one client: never its secret, which only a reveal gives. */
record ClientCard(@JsonProperty("client_id") String clientId,
                  @JsonProperty("name") String name,
                  @JsonProperty("secret_masked") String secretMasked,
                  @JsonProperty("secret_rotated_at") String secretRotatedAt,
                  @JsonProperty("rotated_secret_expires_at") String rotatedSecretExpiresAt,
                  @JsonProperty("last_used_at") String lastUsedAt,
                  @JsonProperty("failed_authentications") List<Attempt> failedAuthentications,
                  @JsonProperty("lockouts") List<Attempt> lockouts) {

    /** Failed authentications and lockouts shown, newest first. */
    static final int RECENT = 10;
    private static final String LOCKOUT_REASON = "client_secret_brute_force_lockout";

    record Attempt(@JsonProperty("time") String time, @JsonProperty("address") String address,
                   @JsonProperty("error") String error) {
    }

    static ClientCard of(KeycloakSession session, RealmModel realm, ClientModel client) {
        OIDCClientSecretConfigWrapper secrets = OIDCClientSecretConfigWrapper.fromClientModel(client);
        List<Event> failures = session.getProvider(EventStoreProvider.class).createQuery()
                .realm(realm.getId()).client(client.getClientId()).type(EventType.CLIENT_LOGIN_ERROR)
                .orderByDescTime().maxResults(4 * RECENT).getResultStream().toList();
        Long lastUsed = ClientUsage.lastUsed(session, client);
        return new ClientCard(client.getClientId(), client.getName(), mask(client.getSecret()),
                iso(secrets.getClientSecretCreationTime()),
                secrets.hasRotatedSecret() && !secrets.isClientRotatedSecretExpired()
                        ? iso(secrets.getClientRotatedSecretExpirationTime()) : null,
                lastUsed == null ? null : Instant.ofEpochSecond(lastUsed).toString(),
                attempts(failures, false), attempts(failures, true));
    }

    /** What a wrong or guessed secret leaves: Keycloak's client authentication errors, the lockout's among them. */
    private static final Set<String> CREDENTIAL_ERRORS = Set.of(Errors.INVALID_CLIENT_CREDENTIALS,
            Errors.CLIENT_NOT_FOUND, Errors.CLIENT_DISABLED, Errors.USER_TEMPORARILY_DISABLED);

    private static List<Attempt> attempts(List<Event> failures, boolean lockouts) {
        return failures.stream()
                .filter(event -> CREDENTIAL_ERRORS.contains(event.getError()))
                .filter(event -> lockouts == isLockout(event))
                .limit(RECENT)
                .map(event -> new Attempt(Instant.ofEpochMilli(event.getTime()).toString(), event.getIpAddress(),
                        event.getError()))
                .toList();
    }

    private static boolean isLockout(Event event) {
        return event.getDetails() != null && LOCKOUT_REASON.equals(event.getDetails().get(Details.REASON));
    }

    /** The last four characters: enough to tell two secrets apart, too few to help a guesser. */
    static String mask(String secret) {
        if (secret == null || secret.length() < 16) {
            return "••••••••";
        }
        return "••••••••" + secret.substring(secret.length() - 4);
    }

    private static String iso(Long epochSeconds) {
        return epochSeconds == null || epochSeconds <= 0 ? null : Instant.ofEpochSecond(epochSeconds).toString();
    }
}
