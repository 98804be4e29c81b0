package com.restoration.partnerapi.keycloak.credentials;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.ErrorResponse;

/**
 * Adds a member of a partner's staff, in one step: the partner's organization (made on first use, named after the
 * client, listing it), the user (found by e-mail, or made with Keycloak's "update password" required action), and
 * the membership. Staff then log in with Keycloak, under every login policy of the realm.
 */
public final class PartnerStaff {

    /** Plain addresses only: this becomes a username and an e-mail recipient. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\\.[A-Za-z]{2,24}");

    public record Added(@JsonProperty("organization") String organization,
                        @JsonProperty("user_id") String userId,
                        @JsonProperty("username") String username,
                        @JsonProperty("user_created") boolean userCreated) {
    }

    private PartnerStaff() {
    }

    public static boolean validEmail(String email) {
        return email != null && EMAIL.matcher(email).matches();
    }

    public static Added add(KeycloakSession session, RealmModel realm, ClientModel client, String email,
                            String firstName, String lastName) {
        OrganizationProvider organizations = PartnerOrganizations.organizations(session);
        if (organizations == null || !organizations.isEnabled()) {
            throw ErrorResponse.error("Organizations are not enabled in realm " + realm.getName()
                    + " (Realm settings → General → Organizations)", Response.Status.CONFLICT);
        }
        OrganizationModel organization = organizationFor(session, organizations, client);

        String normalized = email.toLowerCase(Locale.ROOT);
        // A member is found by username, which users cannot change, never by e-mail, which they can: anyone could
        // otherwise give themselves a future member's address and be added to that partner in their place.
        UserModel user = session.users().getUserByUsername(realm, normalized);
        boolean created = false;
        if (user == null) {
            if (session.users().getUserByEmail(realm, normalized) != null) {
                throw ErrorResponse.error("Another user has the e-mail address " + normalized
                        + "; staff are users named after their address", Response.Status.CONFLICT);
            }
            user = session.users().addUser(realm, normalized);
            user.setEmail(normalized);
            user.setFirstName(firstName);
            user.setLastName(lastName);
            user.setEnabled(true);
            user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
            created = true;
        } else if (user.getServiceAccountClientLink() != null || PartnerClients.holdsPrivilege(realm, user)) {
            // An operator or admin added as staff would read partners' secrets without a rotation to show for it.
            throw ErrorResponse.error("That user is a service account or holds administrative roles; staff are"
                    + " partners' people only", Response.Status.CONFLICT);
        }
        if (!organizations.isMember(organization, user)) {
            organizations.addMember(organization, user);
        }
        return new Added(organization.getAlias(), user.getId(), user.getUsername(), created);
    }

    /** The client's name; with its client_id when another organization has that name (names are unique). */
    private static String organizationName(OrganizationProvider organizations, ClientModel client) {
        String name = client.getName() != null && !client.getName().isBlank() ? client.getName() : client.getClientId();
        boolean taken = organizations.getAllStream(name, true, 0, 1).findAny().isPresent();
        return taken && !name.equals(client.getClientId()) ? name + " (" + client.getClientId() + ")" : name;
    }

    /** The client's organization; a new one named after it when it has none. */
    private static OrganizationModel organizationFor(KeycloakSession session, OrganizationProvider organizations,
                                                     ClientModel client) {
        List<OrganizationModel> owners = organizations
                .getAllStream(Map.of(PartnerOrganizations.CLIENT_ATTRIBUTE, client.getClientId()), 0, 2).toList();
        if (owners.size() > 1) {
            throw ErrorResponse.error("Client " + client.getClientId() + " is listed by more than one organization;"
                    + " keep it in one (Organizations → Attributes → " + PartnerOrganizations.CLIENT_ATTRIBUTE + ")",
                    Response.Status.CONFLICT);
        }
        if (owners.size() == 1) {
            return owners.get(0);
        }
        OrganizationModel existing = organizations.getByAlias(client.getClientId());
        if (existing != null) {
            throw ErrorResponse.error("An organization with alias " + client.getClientId() + " exists and does not list"
                    + " this client; add it there (Organizations → Attributes → " + PartnerOrganizations.CLIENT_ATTRIBUTE
                    + ") or ask again after", Response.Status.CONFLICT);
        }
        OrganizationModel organization = organizations.create(organizationName(organizations, client), client.getClientId());
        Map<String, List<String>> attributes = new HashMap<>(organization.getAttributes());
        attributes.put(PartnerOrganizations.CLIENT_ATTRIBUTE, new ArrayList<>(List.of(client.getClientId())));
        organization.setAttributes(attributes);
        return organization;
    }
}
