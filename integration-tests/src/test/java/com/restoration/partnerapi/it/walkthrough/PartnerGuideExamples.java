package com.restoration.partnerapi.it.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.restoration.partnerapi.it.support.SeenSecrets;
import com.restoration.partnerapi.it.walkthrough.ShellSnippets.Block;
import com.restoration.partnerapi.it.walkthrough.ShellSnippets.Run;

/** The partner guide's two curl examples (docs/partner-guide.md), run with real curl against any gateway. */
public final class PartnerGuideExamples {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PartnerGuideExamples() {
    }

    /** The guide's curl commands, as written. */
    public static List<String> commands() {
        return curlBlocks(TestedDocs.PARTNER_GUIDE_EXAMPLES.region());
    }

    static List<String> curlBlocks(String markdown) {
        return ShellSnippets.blocks(markdown).stream()
                .filter(b -> b.language().equals("bash") && b.text().contains("curl")).map(Block::text).toList();
    }

    /** Runs the guide's two examples through {@code baseUrl}; returns the access token the first one got. */
    public static String tokenThenOrders(String baseUrl, String clientId, String secret) throws Exception {
        return tokenThenOrders(commands(), baseUrl, clientId, secret);
    }

    /**
     * The two documented calls, their placeholders filled in (line continuations added where the document leaves
     * them out): a token in exactly the documented body, then the orders list with it.
     */
    static String tokenThenOrders(List<String> commands, String baseUrl, String clientId, String secret) throws Exception {
        assertThat(commands).as("the token request and the orders request").hasSize(2);

        Run token = ShellSnippets.bash(ShellSnippets.withContinuations(commands.get(0)
                .replace("{BASE_URL}", baseUrl).replace("CLIENT_ID", clientId).replace("CLIENT_SECRET", secret)), Path.of("."));
        assertThat(token.stderr()).as(token.stderr()).contains("< HTTP/1.1 200");
        JsonNode body = JSON.readTree(token.stdout());
        // The documented body: these three fields, Bearer, 3600.
        assertThat(JsonShapes.fieldNames(body)).containsExactly("access_token", "token_type", "expires_in");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(3600);
        String accessToken = body.get("access_token").asText();
        SeenSecrets.add(accessToken);

        Run orders = ShellSnippets.bash(ShellSnippets.withContinuations(commands.get(1)
                .replace("{BASE_URL}", baseUrl).replace("{CLIENT_ID}", clientId).replace("ACCESS_TOKEN", accessToken)), Path.of("."));
        assertThat(orders.stderr()).as(orders.stderr()).contains("< HTTP/1.1 200");
        JsonNode list = JSON.readTree(orders.stdout());
        assertThat(JsonShapes.fieldNames(list)).containsExactly("orders", "next_cursor");
        assertThat(list.get("orders").isArray()).isTrue();
        return accessToken;
    }
}
