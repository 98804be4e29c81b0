package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.UUID;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.util.JsonSerialization;

/** What both ways of running Keycloak share: a loopback port of its own and the run's generated credentials. */
abstract class LoopbackKeycloak implements KeycloakServer {

    protected final int httpPort = FreePorts.next();
    protected final String adminPassword;
    protected final String demoPartnerSecret;

    LoopbackKeycloak() {
        this(null, null);
    }

    /**
     * With given credentials, or new ones where null: the nodes of one cluster share a database (where the first
     * node creates the admin and imports the realm), so they share these.
     */
    LoopbackKeycloak(String adminPassword, String demoPartnerSecret) {
        this.adminPassword = adminPassword != null ? adminPassword : "it-admin-" + UUID.randomUUID();
        this.demoPartnerSecret = demoPartnerSecret != null ? demoPartnerSecret : "it-demo-" + UUID.randomUUID();
        SeenSecrets.add(this.adminPassword);
        SeenSecrets.add(this.demoPartnerSecret);
    }

    /**
     * What a local run adds to the production realm: the demo partner from realm-config/local, with the run's
     * secret, through Keycloak's partial import (existing clients are left alone, so a restart changes nothing).
     */
    protected void addDemoPartner() {
        try (Keycloak admin = newAdminClient()) {
            PartialImportRepresentation local = JsonSerialization.readValue(
                    Files.readString(Settings.existingFile("it.local.realm.file")), PartialImportRepresentation.class);
            local.getClients().stream().filter(client -> client.getClientId().equals("demo-partner"))
                    .forEach(client -> client.setSecret(demoPartnerSecret));
            admin.realm(REALM).partialImport(local).close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the local realm additions", e);
        }
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public String adminUsername() {
        return "admin";
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public String demoPartnerSecret() {
        return demoPartnerSecret;
    }
}
