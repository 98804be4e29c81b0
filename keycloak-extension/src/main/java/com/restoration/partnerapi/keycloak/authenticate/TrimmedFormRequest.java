package com.restoration.partnerapi.keycloak.authenticate;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/**
 * The request as Keycloak sees it, with white space trimmed around each form name and value.
 *
 * <p>The partner documentation shows a curl body laid out over several indented lines; once the shell's
 * line continuations are added, that layout is sent as is. Keycloak-generated client ids, secrets and grant
 * types never contain white space, so trimming changes nothing for any other request.
 */
final class TrimmedFormRequest implements HttpRequest {

    private final HttpRequest delegate;
    private MultivaluedMap<String, String> form;

    TrimmedFormRequest(HttpRequest delegate) {
        this.delegate = delegate;
    }

    static MultivaluedMap<String, String> trim(MultivaluedMap<String, String> raw) {
        MultivaluedMap<String, String> trimmed = new MultivaluedHashMap<>();
        if (raw == null) {
            return trimmed;
        }
        for (Map.Entry<String, List<String>> entry : raw.entrySet()) {
            String name = entry.getKey() == null ? "" : entry.getKey().strip();
            if (name.isEmpty()) {
                continue;
            }
            for (String value : entry.getValue()) {
                trimmed.add(name, value == null ? "" : value.strip());
            }
        }
        return trimmed;
    }

    @Override
    public MultivaluedMap<String, String> getDecodedFormParameters() {
        if (form == null) {
            form = trim(delegate.getDecodedFormParameters());
        }
        return form;
    }

    @Override
    public String getHttpMethod() {
        return delegate.getHttpMethod();
    }

    @Override
    public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
        return delegate.getMultiPartFormParameters();
    }

    @Override
    public HttpHeaders getHttpHeaders() {
        return delegate.getHttpHeaders();
    }

    @Override
    public X509Certificate[] getClientCertificateChain() {
        return delegate.getClientCertificateChain();
    }

    @Override
    public UriInfo getUri() {
        return delegate.getUri();
    }

    @Override
    public boolean isProxyTrusted() {
        return delegate.isProxyTrusted();
    }
}
