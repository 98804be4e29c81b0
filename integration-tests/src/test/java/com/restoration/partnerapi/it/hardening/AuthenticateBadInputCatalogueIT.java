package com.restoration.partnerapi.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a token request to {@code /authenticate} can be wrong, and what the partner sees for it: the exact
 * status and OAuth2 error code, an error description, {@code Cache-Control: no-store}, the
 * {@code WWW-Authenticate} challenge on a 401 and {@code Allow} on a 405; never a token, a 5xx or a stack trace;
 * and none changes what Keycloak stores. Sent through the gateway, the way partners reach it, to the real
 * Keycloak: this table is where the rules of /authenticate are tested, ours and Keycloak's alike.
 */
@ExtendWith(StackExtension.class)
class AuthenticateBadInputCatalogueIT {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static TestStack stack;
    private static String url;
    private static String secret;
    private static Partners.Partner disabled;
    private static Partners.Partner publicClient;
    private static Partners.Partner noServiceAccount;
    private static Partners.Partner other;
    private static int clientsBefore;
    private static final List<String> RAN = new ArrayList<>();

    /** One bad request, and what the partner must see: the status, the error code, and words the description has. */
    record Case(String name, Function<String, HttpRequest> request, int status, String error, String describes) {

        Case(String name, Function<String, HttpRequest> request, int status, String error) {
            this(name, request, status, error, null);
        }

        Case describing(String words) {
            return new Case(name, request, status, error, words);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start(TestStack testStack) {
        stack = testStack;
        // Through the gateway, the way partners reach it (BASE_URL/authenticate).
        url = testStack.gateway().baseUrl() + "/authenticate";
        secret = testStack.keycloak().demoPartnerSecret();
        disabled = Partners.create(testStack.admin(), Partners.uniqueId("cat-disabled"), c -> c.setEnabled(false));
        publicClient = Partners.create(testStack.admin(), Partners.uniqueId("cat-public"), c -> c.setPublicClient(true));
        noServiceAccount = Partners.create(testStack.admin(), Partners.uniqueId("cat-nosa"), c -> c.setServiceAccountsEnabled(false));
        other = Partners.create(testStack.admin(), Partners.uniqueId("cat-other"));
        clientsBefore = testStack.admin().realm(KeycloakServer.REALM).clients().findAll().size();
    }

    static Stream<Arguments> catalogue() {
        List<Case> cases = new ArrayList<>();
        // Methods
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            cases.add(new Case("method " + method, u -> request(u).method(method, body(valid())).build(), 405, "invalid_request"));
        }
        // Content types and encodings
        cases.add(new Case("JSON body", u -> request(u).header("Content-Type", "application/json")
                .POST(body("{\"client_id\":\"demo-partner\",\"client_secret\":\"" + secret + "\",\"grant_type\":\"client_credentials\"}")).build(), 400, "invalid_request"));
        cases.add(new Case("text/plain body", u -> post(u, "text/plain", valid()), 400, "invalid_request"));
        cases.add(new Case("XML body", u -> post(u, "application/xml", "<client_id>demo-partner</client_id>"), 400, "invalid_request"));
        cases.add(new Case("multipart body", u -> post(u, "multipart/form-data; boundary=x",
                "--x\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\ndemo-partner\r\n--x--\r\n"), 400, "invalid_request"));
        cases.add(new Case("no Content-Type", u -> request(u).POST(body(valid())).build(), 400, "invalid_request"));
        cases.add(new Case("empty body", u -> post(u, FORM, ""), 400, "invalid_request"));
        cases.add(new Case("garbage body", u -> post(u, FORM, "%%%&&&==="), 400, "invalid_request"));
        // Keycloak's form decoder fails (a 500) before any endpoint runs; the gateway answers for it.
        cases.add(new Case("bad percent-escape in client_id", u -> post(u, FORM,
                "client_id=demo%zzpartner&client_secret=" + secret + "&grant_type=client_credentials"), 400, "invalid_request"));
        cases.add(new Case("non-UTF-8 bytes in client_id", u -> request(u).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofByteArray(concat("client_id=demo".getBytes(), new byte[]{(byte) 0xff, (byte) 0xfe},
                        ("&client_secret=" + secret + "&grant_type=client_credentials").getBytes()))).build(), 401, "invalid_client"));
        cases.add(new Case("NUL byte in client_id", u -> post(u, FORM,
                "client_id=demo-partner%00&client_secret=" + secret + "&grant_type=client_credentials"), 400, "invalid_request")
                .describing("control characters"));
        cases.add(new Case("NUL byte in secret", u -> post(u, FORM,
                "client_id=demo-partner&client_secret=" + secret + "%00&grant_type=client_credentials"), 400, "invalid_request"));
        // Missing and empty parameters
        cases.add(new Case("missing client_id", u -> post(u, FORM, "client_secret=" + secret + "&grant_type=client_credentials"), 401, "invalid_client"));
        cases.add(new Case("missing client_secret", u -> post(u, FORM, "client_id=demo-partner&grant_type=client_credentials"), 401, "invalid_client"));
        cases.add(new Case("missing grant_type", u -> post(u, FORM, "client_id=demo-partner&client_secret=" + secret), 400, "invalid_request"));
        cases.add(new Case("empty client_id", u -> post(u, FORM, "client_id=&client_secret=" + secret + "&grant_type=client_credentials"), 401, "invalid_client"));
        cases.add(new Case("empty client_secret", u -> post(u, FORM, "client_id=demo-partner&client_secret=&grant_type=client_credentials"), 401, "invalid_client"));
        cases.add(new Case("empty grant_type", u -> post(u, FORM, "client_id=demo-partner&client_secret=" + secret + "&grant_type="), 400, "invalid_request"));
        cases.add(new Case("no client authentication at all", u -> post(u, FORM, "grant_type=client_credentials"), 401, "invalid_client"));
        cases.add(new Case("client_secret and client_assertion", u -> post(u, FORM, valid()
                + "&client_assertion=x&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), 400, "invalid_request"));
        // Repeated parameters (Keycloak's check: after the client has authenticated, so a wrong secret comes first)
        for (String name : List.of("client_id", "client_secret", "grant_type", "scope")) {
            cases.add(new Case("repeated " + name, u -> post(u, FORM, valid() + "&" + name + "=" + ("client_secret".equals(name) ? secret
                    : "client_id".equals(name) ? "demo-partner" : "grant_type".equals(name) ? "client_credentials" : "orders:read")
                    + ("scope".equals(name) ? "&scope=orders:read" : "")), 400, "invalid_request"));
        }
        cases.add(new Case("repeated client_secret, the first one wrong", u -> post(u, FORM, "client_id=" + other.clientId()
                + "&client_secret=wrong&client_secret=" + other.secret() + "&grant_type=client_credentials"), 401, "invalid_client"));
        // Oversized parameters: over 2048 characters refused (Keycloak would drop a long scope); over 64 kB by the gateway
        cases.add(new Case("3 kB scope", u -> post(u, FORM, valid() + "&scope=" + "a".repeat(3000)), 400, "invalid_request")
                .describing("2048"));
        String huge = "a".repeat(100_000);
        cases.add(new Case("100 kB client_id", u -> post(u, FORM, "client_id=" + huge + "&client_secret=" + secret + "&grant_type=client_credentials"), 413, "invalid_request"));
        cases.add(new Case("100 kB client_secret", u -> post(u, FORM, "client_id=demo-partner&client_secret=" + huge + "&grant_type=client_credentials"), 413, "invalid_request"));
        cases.add(new Case("100 kB scope", u -> post(u, FORM, valid() + "&scope=" + huge), 413, "invalid_request"));
        // Credentials in several places
        cases.add(new Case("secret in the query string", u -> post(u + "?client_secret=" + secret, FORM, "client_id=demo-partner&grant_type=client_credentials"), 400, "invalid_request")
                .describing("URL"));
        cases.add(new Case("credentials in the query string and the body", u -> post(u + "?client_id=demo-partner&client_secret=" + secret
                + "&grant_type=client_credentials", FORM, valid()), 400, "invalid_request"));
        cases.add(new Case("credentials in query, body and Basic at once", u -> request(u + "?client_id=demo-partner&client_secret=" + secret)
                .header("Content-Type", FORM).header("Authorization", basic("demo-partner", secret)).POST(body(valid())).build(), 400, "invalid_request"));
        cases.add(new Case("Basic and body secret", u -> request(u).header("Content-Type", FORM)
                .header("Authorization", basic("demo-partner", secret)).POST(body(valid())).build(), 400, "invalid_request"));
        cases.add(new Case("Basic for another client than the body", u -> request(u).header("Content-Type", FORM)
                .header("Authorization", basic("demo-partner", secret)).POST(body("client_id=someone-else&grant_type=client_credentials")).build(), 400, "invalid_request"));
        cases.add(new Case("Bearer instead of Basic", u -> request(u).header("Content-Type", FORM)
                .header("Authorization", "Bearer abc.def.ghi").POST(body("grant_type=client_credentials")).build(), 401, "invalid_client"));
        cases.add(new Case("Basic that is not base64", u -> request(u).header("Content-Type", FORM)
                .header("Authorization", "Basic ***").POST(body("grant_type=client_credentials")).build(), 401, "invalid_client"));
        cases.add(new Case("Basic without a colon", u -> request(u).header("Content-Type", FORM)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo-partner".getBytes()))
                .POST(body("grant_type=client_credentials")).build(), 401, "invalid_client"));
        cases.add(new Case("Basic with a bad percent-escape", u -> request(u).header("Content-Type", FORM)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo%zz:x".getBytes()))
                .POST(body("grant_type=client_credentials")).build(), 401, "invalid_client"));
        cases.add(new Case("two Authorization headers, a wrong Basic first", u -> request(u).header("Content-Type", FORM)
                .header("Authorization", basic("demo-partner", "not-the-secret")).header("Authorization", basic("demo-partner", secret))
                .POST(body("grant_type=client_credentials")).build(), 400, "invalid_request"));
        cases.add(new Case("Basic with a wrong secret", u -> request(u).header("Content-Type", FORM)
                .header("Authorization", basic("demo-partner", "not-the-secret")).POST(body("grant_type=client_credentials")).build(),
                401, "invalid_client"));
        // Every other grant type
        for (String grant : List.of("password", "authorization_code", "refresh_token", "implicit",
                "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange",
                "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:saml2-bearer",
                "urn:ietf:params:oauth:grant-type:uma-ticket", "urn:openid:params:grant-type:ciba",
                "urn:ietf:params:oauth:grant-type:pre-authorized_code", "CLIENT_CREDENTIALS", "client_credentials_typo")) {
            cases.add(new Case("grant_type " + grant, u -> post(u, FORM, "client_id=demo-partner&client_secret=" + secret
                    + "&grant_type=" + grant), 400, "unsupported_grant_type"));
        }
        // Clients that may not have a token, and wrong credentials
        cases.add(new Case("disabled client", u -> post(u, FORM, creds(disabled.clientId(), disabled.secret())), 401, "invalid_client"));
        cases.add(new Case("public client", u -> post(u, FORM, creds(publicClient.clientId(), "whatever")), 400, "unauthorized_client"));
        // RFC 6749 §5.2: no client authentication included; Keycloak alone would let a public client in on its client_id.
        cases.add(new Case("public client without a secret", u -> post(u, FORM,
                "client_id=" + publicClient.clientId() + "&grant_type=client_credentials"), 401, "invalid_client"));
        cases.add(new Case("client without a service account", u -> post(u, FORM, creds(noServiceAccount.clientId(), noServiceAccount.secret())), 400, "unauthorized_client"));
        cases.add(new Case("wrong secret", u -> post(u, FORM, creds("demo-partner", "not-the-secret")), 401, "invalid_client"));
        cases.add(new Case("another client's secret", u -> post(u, FORM, creds("demo-partner", other.secret())), 401, "invalid_client"));
        cases.add(new Case("unknown client", u -> post(u, FORM, creds("no-such-partner", secret)), 401, "invalid_client"));
        cases.add(new Case("realm-management as client", u -> post(u, FORM, creds("realm-management", secret)), 401, "invalid_client"));
        cases.add(new Case("unknown scope", u -> post(u, FORM, valid() + "&scope=admin"), 400, "invalid_scope"));
        // Injection strings
        for (String injection : List.of("' OR '1'='1", "\"; DROP TABLE client; --", "<script>alert(1)</script>",
                "../../admin/realms/master", "${jndi:ldap://127.0.0.1/x}", "%00%0d%0aSet-Cookie: x=y")) {
            cases.add(new Case("injection in client_id: " + injection, u -> post(u, FORM,
                    creds(PartnerClient.form("x", injection).substring(2), secret)), 401, "invalid_client"));
        }
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void answersWithItsDocumentedError(Case bad) {
        Reply reply = stack.partner().send(bad.request().apply(url));
        RAN.add(bad.name());

        assertThat(reply.status()).as("%s: %s", bad.name(), reply.body()).isEqualTo(bad.status());
        assertThat(reply.header("Content-Type")).as(bad.name()).startsWith("application/json");
        assertThat(reply.json().path("error").asText()).as(bad.name()).isEqualTo(bad.error());
        assertThat(reply.json().path("error_description").asText()).as(bad.name())
                .isNotBlank().contains(bad.describes() == null ? "" : bad.describes());
        assertThat(reply.body()).as(bad.name()).doesNotContain("access_token", "Exception", "\tat ", "<html");
        assertThat(reply.http().headers().allValues("Cache-Control")).as(bad.name()).containsExactly("no-store");
        // RFC 6749 §5.2: a failed client authentication is a 401 with a challenge, and only that.
        assertThat(reply.header("WWW-Authenticate")).as(bad.name())
                .isEqualTo(bad.status() == 401 ? "Basic realm=\"" + KeycloakServer.REALM + "\"" : null);
        assertThat(reply.header("Allow")).as(bad.name()).isEqualTo(bad.status() == 405 ? "POST" : null);
    }

    @AfterAll
    static void storesUnchangedAndServerHealthy() {
        System.out.printf("/authenticate bad-input catalogue: %d requests%n", RAN.size());
        assertThat(RAN).hasSizeGreaterThanOrEqualTo(40);
        assertThat(stack.admin().realm(KeycloakServer.REALM).clients().findAll()).hasSize(clientsBefore);
        Reply token = stack.partner().authenticate("client_id", "demo-partner", "client_secret", secret,
                "grant_type", "client_credentials");
        assertThat(token.status()).isEqualTo(200);
        assertThat(stack.partner().authenticate("client_id", other.clientId(), "client_secret", other.secret(),
                "grant_type", "client_credentials").status()).isEqualTo(200);
    }

    private static String valid() {
        return creds("demo-partner", secret);
    }

    private static String creds(String clientId, String clientSecret) {
        return "client_id=" + clientId + "&client_secret=" + clientSecret + "&grant_type=client_credentials";
    }

    private static HttpRequest.Builder request(String target) {
        return HttpRequest.newBuilder(URI.create(target));
    }

    private static HttpRequest post(String target, String contentType, String content) {
        return request(target).header("Content-Type", contentType).POST(body(content)).build();
    }

    private static HttpRequest.BodyPublisher body(String content) {
        return HttpRequest.BodyPublishers.ofString(content, StandardCharsets.UTF_8);
    }

    private static String basic(String id, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
