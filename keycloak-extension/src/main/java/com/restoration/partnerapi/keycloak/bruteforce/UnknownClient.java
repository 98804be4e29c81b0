package com.restoration.partnerapi.keycloak.bruteforce;

import java.lang.reflect.Proxy;

import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;
import org.keycloak.models.ClientModel;

/**
 * A stand-in for a client_id that does not exist, so that Keycloak's client authentication flow returns the
 * lockout for it exactly as for a real client. It answers what the flow asks of a client (its id, that it is
 * confidential, that it authenticates with a secret) and nothing else: it never reaches a grant, as the flow
 * stops at the failure.
 */
final class UnknownClient {

    private UnknownClient() {
    }

    static ClientModel named(String clientId) {
        return (ClientModel) Proxy.newProxyInstance(UnknownClient.class.getClassLoader(), new Class<?>[]{ClientModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getClientId" -> clientId;
                    case "getClientAuthenticatorType" -> ClientIdAndSecretAuthenticator.PROVIDER_ID;
                    case "isPublicClient", "isEnabled" -> method.getName().equals("isEnabled");
                    case "toString" -> "unknown client " + clientId;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("Unknown client " + clientId + ": " + method.getName());
                });
    }
}
