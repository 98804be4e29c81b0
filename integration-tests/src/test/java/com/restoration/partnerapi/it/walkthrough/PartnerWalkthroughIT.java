package com.restoration.partnerapi.it.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
 * A partner's first five minutes, with real curl through the gateway (nginx): the commands of the partner
 * documentation (verbatim but for line continuations and placeholders) and the README's walkthrough, each output
 * checked against what the documents show.
 */
@ExtendWith(StackExtension.class)
class PartnerWalkthroughIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Values that differ on every run; everything else shown in the documents must match exactly. */
    private static final Set<String> VOLATILE = Set.of("access_token", "id", "created_at", "updated_at", "next_cursor");

    @Test
    void thePartnerDocumentationsCurlCommandsWorkAsWritten(TestStack stack) throws Exception {
        // The partner contract lives outside the repository (shared/ beside the clone); a clone on its own skips this.
        Path contract = Path.of(System.getProperty("it.partner.doc"));
        Assumptions.assumeTrue(Files.isRegularFile(contract),
                () -> "The partner documentation is not beside the clone (" + contract + "): its examples are not run");
        stack.orders();
        String doc = Files.readString(contract);
        List<String> commands = ShellSnippets.blocks(doc).stream()
                .filter(b -> b.language().equals("bash") && b.text().contains("curl")).map(Block::text).toList();
        assertThat(commands).as("the partner documentation's curl examples").hasSize(2);
        String baseUrl = stack.gateway().baseUrl();
        String secret = stack.keycloak().demoPartnerSecret();

        Run token = ShellSnippets.bash(ShellSnippets.withContinuations(commands.get(0)
                .replace("{BASE_URL}", baseUrl).replace("CLIENT_ID", "demo-partner").replace("CLIENT_SECRET", secret)), Path.of("."));
        assertThat(token.stderr()).as(token.stderr()).contains("< HTTP/1.1 200");
        JsonNode body = JSON.readTree(token.stdout());
        // The documented body: these three fields, Bearer, 3600.
        assertThat(fieldNames(body)).containsExactly("access_token", "token_type", "expires_in");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(3600);
        String accessToken = body.get("access_token").asText();
        SeenSecrets.add(accessToken);

        Run orders = ShellSnippets.bash(ShellSnippets.withContinuations(commands.get(1)
                .replace("{BASE_URL}", baseUrl).replace("{CLIENT_ID}", "demo-partner").replace("ACCESS_TOKEN", accessToken)), Path.of("."));
        assertThat(orders.stderr()).as(orders.stderr()).contains("< HTTP/1.1 200");
        JsonNode list = JSON.readTree(orders.stdout());
        assertThat(fieldNames(list)).containsExactly("orders", "next_cursor");
        assertThat(list.get("orders").isArray()).isTrue();
    }

    @Test
    void theReadmeWalkthroughPrintsWhatTheReadmeShows(TestStack stack) throws Exception {
        stack.orders();
        String readme = Files.readString(Path.of(System.getProperty("it.readme")));
        String walkthrough = readme.substring(readme.indexOf("<!-- walkthrough -->"), readme.indexOf("<!-- /walkthrough -->"));
        List<Block> blocks = ShellSnippets.blocks(walkthrough);
        assertThat(blocks).extracting(Block::language).containsExactly("bash", "json", "bash", "json", "bash", "json", "bash", "json");

        // One shell session, as a reader pastes block after block; each command's output is cut out by a marker.
        StringBuilder session = new StringBuilder();
        for (int i = 0; i < blocks.size(); i += 2) {
            session.append(blocks.get(i).text()
                    .replace("http://localhost:8080", stack.gateway().baseUrl())
                    .replace("dev-only-demo-partner-secret", stack.keycloak().demoPartnerSecret()))
                    .append("\necho\necho '=== next ==='\n");
        }
        Run run = ShellSnippets.bash(session.toString(), Path.of("."));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String[] outputs = run.stdout().split("=== next ===\n");
        for (int i = 0; i < blocks.size() / 2; i++) {
            JsonNode expected = JSON.readTree(blocks.get(2 * i + 1).text());
            JsonNode actual = JSON.readTree(outputs[i].strip());
            SeenSecrets.add(actual.path("access_token").asText(null));
            assertSameShape("README output " + (i + 1), expected, actual);
        }
    }

    /** Same fields in the same order, same values except run-specific ones; arrays compared by their first element. */
    private static void assertSameShape(String where, JsonNode expected, JsonNode actual) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(where + ": " + actual).isTrue();
            assertThat(fieldNames(actual)).as(where).containsExactlyElementsOf(fieldNames(expected));
            for (String field : fieldNames(expected)) {
                if (VOLATILE.contains(field)) {
                    assertThat(actual.get(field).getNodeType()).as(where + "." + field).isIn(expected.get(field).getNodeType(),
                            com.fasterxml.jackson.databind.node.JsonNodeType.NULL, com.fasterxml.jackson.databind.node.JsonNodeType.STRING);
                } else {
                    assertSameShape(where + "." + field, expected.get(field), actual.get(field));
                }
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as(where).isTrue();
            assertThat(actual.size()).as(where + ": at least one element").isPositive();
            assertSameShape(where + "[0]", expected.get(0), actual.get(0));
        } else {
            assertThat(actual).as(where).isEqualTo(expected);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
