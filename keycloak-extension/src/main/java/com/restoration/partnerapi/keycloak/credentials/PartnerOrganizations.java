package com.restoration.partnerapi.keycloak.credentials;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Who is who: a partner is a Keycloak Organization, its staff the organization's members, its API clients the
 * client_ids the organization lists in its {@value #CLIENT_ATTRIBUTE} attribute (one value per client, shown and
 * editable in the console's Organizations → Attributes). A client belongs to at most one organization: the operators'
 * call that links them refuses a second one, and a client listed twice is nobody's.
 */
public final class PartnerOrganizations {

    public static final String CLIENT_ATTRIBUTE = "partner-api.client";

    private PartnerOrganizations() {
    }

    /** The organization a partner client belongs to, if exactly one lists it. */
    public static Optional<OrganizationModel> owner(KeycloakSession session, String clientId) {
        List<OrganizationModel> owners = organizations(session)
                .getAllStream(Map.of(CLIENT_ATTRIBUTE, clientId), 0, 2).toList();
        return owners.size() == 1 ? Optional.of(owners.get(0)) : Optional.empty();
    }

    /** The partner clients a user may see: those of the enabled organizations it is a member of that list it alone. */
    public static List<ClientModel> clientsOf(KeycloakSession session, RealmModel realm, UserModel user) {
        List<ClientModel> clients = new ArrayList<>();
        organizationsOf(session, user).forEach(organization ->
                organization.getAttributes().getOrDefault(CLIENT_ATTRIBUTE, List.of()).stream()
                        .filter(clientId -> owner(session, clientId)
                                .map(owner -> owner.getId().equals(organization.getId())).orElse(false))
                        .map(clientId -> session.clients().getClientByClientId(realm, clientId))
                        .filter(Objects::nonNull)
                        .filter(client -> client.isEnabled() && PartnerClients.isPartner(session, realm, client))
                        .filter(client -> clients.stream().noneMatch(seen -> seen.getId().equals(client.getId())))
                        .forEach(clients::add));
        return clients;
    }

    /** Whether any organization lists the client_id. */
    public static boolean listedBy(KeycloakSession session, String clientId) {
        OrganizationProvider organizations = organizations(session);
        return organizations != null && organizations.isEnabled()
                && organizations.getAllStream(Map.of(CLIENT_ATTRIBUTE, clientId), 0, 1).findAny().isPresent();
    }

    /**
     * Keeps organizations with their clients: a renamed client stays its organization's under its new client_id,
     * a deleted one leaves it. Otherwise a client created later under the old client_id would open to the old
     * partner's staff.
     */
    public static void clientRenamed(KeycloakSession session, RealmModel realm, String previous, String current) {
        relist(session, realm, previous, current);
    }

    public static void clientRemoved(KeycloakSession session, RealmModel realm, String clientId) {
        relist(session, realm, clientId, null);
    }

    private static void relist(KeycloakSession session, RealmModel realm, String clientId, String replacement) {
        RealmModel contextRealm = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            OrganizationProvider organizations = organizations(session);
            if (organizations == null || !organizations.isEnabled()) {
                return;
            }
            organizations.getAllStream(Map.of(CLIENT_ATTRIBUTE, clientId), 0, 100).toList().forEach(organization -> {
                Map<String, List<String>> attributes = new HashMap<>(organization.getAttributes());
                List<String> clients = new ArrayList<>(attributes.getOrDefault(CLIENT_ATTRIBUTE, List.of()));
                clients.remove(clientId);
                if (replacement != null && !clients.contains(replacement)) {
                    clients.add(replacement);
                }
                attributes.put(CLIENT_ATTRIBUTE, clients);
                organization.setAttributes(attributes);
            });
        } finally {
            session.getContext().setRealm(contextRealm);
        }
    }

    /** The enabled organizations the user is a member of. */
    public static List<OrganizationModel> organizationsOf(KeycloakSession session, UserModel user) {
        OrganizationProvider organizations = organizations(session);
        if (organizations == null || !organizations.isEnabled()) {
            return List.of();
        }
        return organizations.getByMember(user).filter(OrganizationModel::isEnabled).toList();
    }

    static OrganizationProvider organizations(KeycloakSession session) {
        return session.getProvider(OrganizationProvider.class);
    }
}
