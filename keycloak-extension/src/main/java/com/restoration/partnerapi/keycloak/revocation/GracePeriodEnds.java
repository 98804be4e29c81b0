package com.restoration.partnerapi.keycloak.revocation;

import java.util.HashMap;
import java.util.Map;

import com.restoration.partnerapi.keycloak.realm.PartnerRealms;
import com.restoration.partnerapi.keycloak.ssf.Revocation;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCClientSecretConfigWrapper;
import org.keycloak.timer.ScheduledTask;

/**
 * The end of a rotation's grace period is the previous secret's death: the tokens it got are revoked then, and
 * resource servers hear of it as a credential change. A rotation with a grace period records its end as a realm
 * attribute ({@link #PREFIX} + client_id); every node looks every {@value #INTERVAL_MILLIS} ms, and one of them (a
 * claim in the single-use-object store) revokes.
 *
 * <p>The cut-off is the second after the previous secret's last use (or after the rotation, if it was not used
 * since): every token it got is older, and tokens the new secret got after that live on.
 */
public final class GracePeriodEnds implements ScheduledTask {

    static final String PREFIX = "partner-api.grace-ends.";
    public static final long INTERVAL_MILLIS = 5_000;
    private static final Logger LOG = Logger.getLogger(GracePeriodEnds.class);

    /** Called in the rotation's transaction. */
    public static void record(RealmModel realm, ClientModel client, long expires) {
        realm.setAttribute(PREFIX + client.getClientId(), Long.toString(expires));
    }

    @Override
    public void run(KeycloakSession session) {
        session.realms().getRealmsStream().filter(PartnerRealms::serves).forEach(realm -> endDue(session, realm));
    }

    @Override
    public String getTaskName() {
        return "partner-api-grace-period-ends";
    }

    private static void endDue(KeycloakSession session, RealmModel realm) {
        long now = Time.currentTime();
        Map<String, Long> due = new HashMap<>();
        realm.getAttributes().forEach((name, value) -> {
            if (name.startsWith(PREFIX) && parse(value) <= now) {
                due.put(name.substring(PREFIX.length()), parse(value));
            }
        });
        due.forEach((clientId, expires) -> {
            if (!session.singleUseObjects().putIfAbsent(PREFIX + realm.getId() + "." + clientId + "." + expires, 3600)) {
                return; // another node has it
            }
            ClientModel client = session.clients().getClientByClientId(realm, clientId);
            OIDCClientSecretConfigWrapper secrets = client == null ? null : OIDCClientSecretConfigWrapper.fromClientModel(client);
            // Invalidated early (already revoked then), or replaced by a later rotation: nothing ends now.
            if (secrets != null && secrets.hasRotatedSecret() && secrets.getClientRotatedSecretExpirationTime() == expires) {
                int cutOff = Math.max((int) secrets.getClientRotatedSecretCreationTime(), PreviousSecretUse.last(session, client)) + 1;
                LOG.infof("Client %s of realm %s: the previous secret's grace period ended", clientId, realm.getName());
                TokenRevocation.afterCommit(session, realm, client, Revocation.PREVIOUS_SECRET_ENDED, cutOff);
            }
            realm.removeAttribute(PREFIX + clientId);
        });
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }
}
