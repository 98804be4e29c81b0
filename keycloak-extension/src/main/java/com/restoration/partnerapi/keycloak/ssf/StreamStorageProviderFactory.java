package com.restoration.partnerapi.keycloak.ssf;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Our two tables in Keycloak's database, made and migrated by Keycloak's Liquibase at start
 * ({@code META-INF/partner-api-ssf-changelog.xml}), so streams and queued events are shared by every node.
 */
public class StreamStorageProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    static final String ID = "partner-api-ssf";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(StreamEntity.class, QueuedEventEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/partner-api-ssf-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
