package com.restoration.partnerapi.it.support;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.KeysMetadataRepresentation.KeyMetadataRepresentation;

/** Key providers of a realm, added as an operator adds them under Realm settings, Keys, Providers. */
public final class RealmKeyProviders {

    private RealmKeyProviders() {
    }

    /**
     * Adds a key provider ({@code rsa} for a given key, {@code rsa-generated} for a new one) with {@code config};
     * returns the kid of the key it holds.
     */
    public static String add(RealmResource realm, String name, String providerId, Map<String, String> config) {
        ComponentRepresentation component = new ComponentRepresentation();
        component.setName(name);
        component.setProviderId(providerId);
        component.setProviderType("org.keycloak.keys.KeyProvider");
        component.setParentId(realm.toRepresentation().getId());
        MultivaluedHashMap<String, String> values = new MultivaluedHashMap<>();
        config.forEach(values::putSingle);
        component.setConfig(values);
        String componentId;
        try (Response created = realm.components().add(component)) {
            componentId = AdminApi.createdId(created, "Adding key provider " + name);
        }
        return realm.keys().getKeyMetadata().getKeys().stream()
                .filter(key -> componentId.equals(key.getProviderId()))
                .map(KeyMetadataRepresentation::getKid)
                .findFirst().orElseThrow();
    }
}
