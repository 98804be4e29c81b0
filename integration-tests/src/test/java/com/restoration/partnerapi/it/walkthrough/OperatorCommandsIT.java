package com.restoration.partnerapi.it.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.SeenSecrets;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import com.restoration.partnerapi.it.walkthrough.ShellSnippets.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator guide's commands (docs/operations.md), pasted into one shell as an operator would, against the run's
 * Keycloak: each prints what the guide shows after it (same fields, same fixed values). The guide's partner gets a
 * client_id of this run's own.
 */
@ExtendWith(StackExtension.class)
class OperatorCommandsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Values that differ on every run: shown in the guide as examples only. */
    private static final Set<String> RUN_SPECIFIC = Set.of("id", "client_secret", "rotated_at", "tokens_revoked_before",
            "previous_secret_expires_at", "access_token", "user_id");

    @Test
    void theOperatorGuidesCommandsPrintWhatTheGuideShows(TestStack stack) throws Exception {
        List<Block> blocks = ShellSnippets.blocks(TestedDocs.OPERATOR_COMMANDS.region());
        String clientId = Partners.uniqueId("operator-guide");

        List<String> commands = blocks.stream().filter(block -> block.language().equals("bash"))
                .map(block -> block.text().replace("http://localhost:8180", stack.keycloak().baseUrl())
                        .replace("acme-restoration", clientId))
                .toList();
        assertThat(commands).as("commands in the operator guide").hasSizeGreaterThanOrEqualTo(3);
        ShellSnippets.Session session = ShellSnippets.session(commands,
                Map.of("KC_BOOTSTRAP_ADMIN_PASSWORD", stack.keycloak().adminPassword()));
        assertThat(session.run().exitCode()).as(session.run().stderr()).isZero();

        int command = -1;
        for (Block block : blocks) {
            if (block.language().equals("bash")) {
                command++;
            } else if (block.language().equals("json")) {
                JsonNode expected = JSON.readTree(block.text().replace("acme-restoration", clientId));
                JsonNode actual = JSON.readTree(session.outputs().get(command).strip());
                SeenSecrets.add(actual.path("client_secret").asText(null));
                JsonShapes.assertSameShape("operator guide, output of command " + (command + 1), expected, actual, RUN_SPECIFIC);
            }
        }
        // What the last two commands did: the member is in the partner's organization, the quota is the client's.
        var realm = stack.admin().realm(KeycloakServer.REALM);
        var client = realm.clients().findByClientId(clientId).get(0);
        assertThat(client.getAttributes()).containsEntry("partner-api.token-quota.per-hour", "5000");
        var organization = realm.organizations().getAll().stream()
                .filter(candidate -> clientId.equals(candidate.getAlias())).findFirst().orElseThrow();
        assertThat(realm.organizations().get(organization.getId()).members().getAll())
                .extracting(member -> member.getUsername()).containsExactly("ana@" + clientId + ".example");
    }
}
