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
    protected final String demoStaffPassword;

    LoopbackKeycloak() {
        this(null, null, null);
    }

    /**
     * With given credentials, or new ones where null: the nodes of one cluster share a database (where the first
     * node creates the admin and imports the realm), so they share these.
     */
    LoopbackKeycloak(String adminPassword, String demoPartnerSecret, String demoStaffPassword) {
        this.adminPassword = adminPassword != null ? adminPassword : "it-admin-" + UUID.randomUUID();
        this.demoPartnerSecret = demoPartnerSecret != null ? demoPartnerSecret : "it-demo-" + UUID.randomUUID();
        this.demoStaffPassword = demoStaffPassword != null ? demoStaffPassword : "it-demo-staff-" + UUID.randomUUID();
        SeenSecrets.add(this.adminPassword);
        SeenSecrets.add(this.demoPartnerSecret);
        SeenSecrets.add(this.demoStaffPassword);
    }

    /**
     * What a local run (./stack up) adds to the production realm: the demo partner from realm-config/local, with the
     * run's secret, through Keycloak's partial import (existing clients are left alone, so a restart changes
     * nothing); then its staff member {@link #DEMO_STAFF_USERNAME} with the run's password.
     */
    protected void addDemoPartner() {
        try (Keycloak admin = newAdminClient()) {
            PartialImportRepresentation local = JsonSerialization.readValue(
                    Files.readString(Settings.existingFile("it.local.realm.file")), PartialImportRepresentation.class);
            local.getClients().stream().filter(client -> client.getClientId().equals("demo-partner"))
                    .forEach(client -> client.setSecret(demoPartnerSecret));
            admin.realm(REALM).partialImport(local).close();
            addDemoStaff(admin);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the local realm additions", e);
        }
    }

    /**
     * As ./stack does it: the operators' staff endpoint, then the password the new member chose, with no required
     * action left. The member is found again when there (the next node of a cluster asks too) and keeps its password:
     * the realm's password history refuses the same one twice.
     */
    private void addDemoStaff(Keycloak admin) {
        Operators operators = new Operators(this, admin);
        PartnerClient.Reply added = operators.postJson(operators.staffUrl("demo-partner"), operators.adminToken(),
                "{\"email\": \"" + DEMO_STAFF_USERNAME + "\", \"first_name\": \"Demo\", \"last_name\": \"Staff\"}");
        if (added.status() != 201) {
            throw new IllegalStateException("Adding the demo staff member gave " + added.status() + ": " + added.body());
        }
        if (added.json().get("user_created").asBoolean()) {
            StaffLogin.setPassword(admin, added.json().get("user_id").asText(), demoStaffPassword);
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

    @Override
    public String demoStaffPassword() {
        return demoStaffPassword;
    }
}
