package com.restoration.partnerapi.keycloak.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.urls.UrlType;

/**
 * {@code /realms/{realm}/partner-api/dashboard}: the partner dashboard, a static page (index.html, app.js,
 * app.css, from this jar) that logs staff in with Keycloak (authorization code and PKCE, the public client
 * {@value DashboardSettings#CLIENT_ID}) and calls {@link DashboardApi}. The gateway serves it at
 * {@code {BASE_URL}/dashboard/}.
 */
public class DashboardResource {

    private static final Map<String, String> ASSETS = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    private final KeycloakSession session;

    public DashboardResource(KeycloakSession session) {
        this.session = session;
    }

    record Config(@JsonProperty("authorization_endpoint") String authorizationEndpoint,
                  @JsonProperty("token_endpoint") String tokenEndpoint,
                  @JsonProperty("end_session_endpoint") String endSessionEndpoint,
                  @JsonProperty("client_id") String clientId,
                  @JsonProperty("reauthentication_seconds") int reauthenticationSeconds) {
    }

    /** The page. Relative links to its assets need the trailing slash, which the gateway's path always has. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        return Response.ok(read("index.html"), "text/html; charset=utf-8")
                .header("Content-Security-Policy", "default-src 'self'; connect-src 'self' " + keycloakOrigin()
                        + "; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }

    @GET
    @Path("{asset: app\\.(?:js|css)}")
    public Response asset(@PathParam("asset") String name) {
        return Response.ok(read(name), ASSETS.get(name))
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }

    @GET
    @Path("config")
    @Produces(MediaType.APPLICATION_JSON)
    public Response config() {
        String realmName = session.getContext().getRealm().getName();
        return Response.ok(new Config(
                        OIDCLoginProtocolService.authUrl(session.getContext().getUri(UrlType.FRONTEND).getBaseUriBuilder())
                                .build(realmName).toString(),
                        OIDCLoginProtocolService.tokenUrl(session.getContext().getUri(UrlType.FRONTEND).getBaseUriBuilder())
                                .build(realmName).toString(),
                        OIDCLoginProtocolService.logoutUrl(session.getContext().getUri(UrlType.FRONTEND).getBaseUriBuilder())
                                .build(realmName).toString(),
                        DashboardSettings.CLIENT_ID, DashboardSettings.reauthenticationSeconds()))
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }

    @Path("api")
    public DashboardApi api() {
        return new DashboardApi(session);
    }

    private String keycloakOrigin() {
        URI base = session.getContext().getUri(UrlType.FRONTEND).getBaseUri();
        return base.getScheme() + "://" + base.getAuthority();
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardResource.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new NotFoundException();
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
