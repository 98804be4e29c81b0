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
        tokenThenOrders(stack, PartnerGuideExamples.commands());
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

    private static void tokenThenOrders(TestStack stack, List<String> commands) throws Exception {
        stack.orders();
        PartnerGuideExamples.tokenThenOrders(commands, stack.gateway().baseUrl(), "demo-partner",
                stack.keycloak().demoPartnerSecret());
    }

    private static List<String> curlBlocks(String markdown) {
        return PartnerGuideExamples.curlBlocks(markdown);
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
