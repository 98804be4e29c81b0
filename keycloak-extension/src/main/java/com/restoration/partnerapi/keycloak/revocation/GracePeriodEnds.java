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
 * attribute ({@link #PREFIX} + the client's id); every node looks every {@value #INTERVAL_MILLIS} ms, and the one that
 * claims it (single-use-object store, for {@value #CLAIM_SECONDS} s) revokes and removes the record in one
 * transaction, so a node that fails leaves it to the next look.
 *
 * <p>The cut-off is two seconds after the previous secret's last use (at least the rotation), and at most the second
 * after the grace period: every token that secret got is older, and tokens the new secret got later live on. Where
 * the last use is not known (every node restarted since), the second after the grace period.
 */
public final class GracePeriodEnds implements ScheduledTask {

    static final String PREFIX = "partner-api.grace-ends.";
    public static final long INTERVAL_MILLIS = 5_000;
    private static final int CLAIM_SECONDS = 30;
    /** A use noted at authentication may be followed by a token of the next second. */
    private static final int MARGIN_SECONDS = 2;
    private static final Logger LOG = Logger.getLogger(GracePeriodEnds.class);

    /** Called in the rotation's transaction. */
    public static void record(KeycloakSession session, RealmModel realm, ClientModel client, long rotatedAt, long expires) {
        realm.setAttribute(PREFIX + client.getId(), Long.toString(expires));
        PreviousSecretUse.rotated(session, client, rotatedAt);
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
            // Keycloak accepts the previous secret through its expiry's second: it is over once that has passed.
            if (name.startsWith(PREFIX) && parse(value) < now) {
                due.put(name.substring(PREFIX.length()), parse(value));
            }
        });
        due.forEach((id, expires) -> {
            if (!session.singleUseObjects().putIfAbsent(PREFIX + realm.getId() + "." + id + "." + expires, CLAIM_SECONDS)) {
                return; // another node has it
            }
            ClientModel client = session.clients().getClientById(realm, id);
            OIDCClientSecretConfigWrapper secrets = client == null ? null : OIDCClientSecretConfigWrapper.fromClientModel(client);
            // Invalidated early (revoked then), replaced by a later rotation, or the client deleted: nothing ends now.
            if (secrets != null && secrets.hasRotatedSecret() && secrets.getClientRotatedSecretExpirationTime() == expires) {
                int lastUse = PreviousSecretUse.last(session, client);
                int cutOff = (int) (lastUse == 0 ? expires + 1 : Math.min(lastUse + MARGIN_SECONDS, expires + 1));
                LOG.infof("Client %s of realm %s: the previous secret's grace period ended", client.getClientId(),
                        realm.getName());
                TokenRevocation.revokeInThisTransaction(session, realm, client, Revocation.PREVIOUS_SECRET_ENDED, cutOff);
            }
            realm.removeAttribute(PREFIX + id);
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
