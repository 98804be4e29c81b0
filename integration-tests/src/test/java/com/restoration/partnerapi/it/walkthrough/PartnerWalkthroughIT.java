package com.restoration.partnerapi.it.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.restoration.partnerapi.it.support.SeenSecrets;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import com.restoration.partnerapi.it.walkthrough.ShellSnippets.Block;
import com.restoration.partnerapi.it.walkthrough.ShellSnippets.Run;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A partner's first five minutes, with real curl through the gateway (nginx): the examples of our partner guide
 * (docs/partner-guide.md) and of the partner contract when it is beside the clone (verbatim but for placeholders
 * and line continuations), and the README's walkthrough, each output checked against what the documents show.
 */
@ExtendWith(StackExtension.class)
class PartnerWalkthroughIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Values that differ on every run; everything else shown in the documents must match exactly. */
    private static final Set<String> VOLATILE = Set.of("access_token", "id", "created_at", "updated_at", "next_cursor");

    @Test
    void thePartnerGuidesExamplesWorkAsWritten(TestStack stack) throws Exception {
        tokenThenOrders(stack, curlBlocks(TestedDocs.PARTNER_GUIDE_EXAMPLES.region()));
    }

    @Test
    void thePartnerContractsExamplesWorkAsWritten(TestStack stack) throws Exception {
        // The partner contract lives outside the repository (shared/ beside the clone); a clone on its own skips this.
        Path contract = Path.of(System.getProperty("it.partner.doc"));
        Assumptions.assumeTrue(Files.isRegularFile(contract),
                () -> "The partner contract is not beside the clone (" + contract + "): its examples are not run; "
                        + "the partner guide's (docs/partner-guide.md) are");
        tokenThenOrders(stack, curlBlocks(Files.readString(contract)));
    }

    /**
     * The two documented calls, their placeholders filled in (line continuations added where the document leaves
     * them out): a token in exactly the documented body, then the orders list with it.
     */
    private static void tokenThenOrders(TestStack stack, List<String> commands) throws Exception {
        stack.orders();
        assertThat(commands).as("the token request and the orders request").hasSize(2);
        String baseUrl = stack.gateway().baseUrl();
        String secret = stack.keycloak().demoPartnerSecret();

        Run token = ShellSnippets.bash(ShellSnippets.withContinuations(commands.get(0)
                .replace("{BASE_URL}", baseUrl).replace("CLIENT_ID", "demo-partner").replace("CLIENT_SECRET", secret)), Path.of("."));
        assertThat(token.stderr()).as(token.stderr()).contains("< HTTP/1.1 200");
        JsonNode body = JSON.readTree(token.stdout());
        // The documented body: these three fields, Bearer, 3600.
        assertThat(JsonShapes.fieldNames(body)).containsExactly("access_token", "token_type", "expires_in");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(3600);
        String accessToken = body.get("access_token").asText();
        SeenSecrets.add(accessToken);

        Run orders = ShellSnippets.bash(ShellSnippets.withContinuations(commands.get(1)
                .replace("{BASE_URL}", baseUrl).replace("{CLIENT_ID}", "demo-partner").replace("ACCESS_TOKEN", accessToken)), Path.of("."));
        assertThat(orders.stderr()).as(orders.stderr()).contains("< HTTP/1.1 200");
        JsonNode list = JSON.readTree(orders.stdout());
        assertThat(JsonShapes.fieldNames(list)).containsExactly("orders", "next_cursor");
        assertThat(list.get("orders").isArray()).isTrue();
    }

    private static List<String> curlBlocks(String markdown) {
        return ShellSnippets.blocks(markdown).stream()
                .filter(b -> b.language().equals("bash") && b.text().contains("curl")).map(Block::text).toList();
    }

    @Test
    void theReadmeWalkthroughPrintsWhatTheReadmeShows(TestStack stack) throws Exception {
        stack.orders();
        List<Block> blocks = ShellSnippets.blocks(TestedDocs.README_WALKTHROUGH.region());
        assertThat(blocks).extracting(Block::language).containsExactly("bash", "json", "bash", "json", "bash", "json", "bash", "json");

        List<String> commands = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i += 2) {
            commands.add(blocks.get(i).text()
                    .replace("http://localhost:8080", stack.gateway().baseUrl())
                    .replace("dev-only-demo-partner-secret", stack.keycloak().demoPartnerSecret()));
        }
        ShellSnippets.Session session = ShellSnippets.session(commands, Map.of());
        assertThat(session.run().exitCode()).as(session.run().stderr()).isZero();
        for (int i = 0; i < blocks.size() / 2; i++) {
            JsonNode expected = JSON.readTree(blocks.get(2 * i + 1).text());
            JsonNode actual = JSON.readTree(session.outputs().get(i).strip());
            SeenSecrets.add(actual.path("access_token").asText(null));
            JsonShapes.assertSameShape("README output " + (i + 1), expected, actual, VOLATILE);
        }
    }
}
