package com.restoration.partnerapi.it.ssf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.SsfReceiver;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import com.restoration.partnerapi.it.walkthrough.ShellSnippets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Shared Signals receiver with nothing of ours in it: the five commands of docs/ssf-receiver.md (bash, curl,
 * python3's standard library, openssl), run as {@code ssf/independent-receiver.sh} with a receiver client of its own,
 * hear of a partner's rotated secret, verify the SET against the realm's published keys and acknowledge it. The same
 * commands refuse a SET whose signature or claims were changed, or that is not for them, and leave it unacknowledged.
 */
@ExtendWith(StackExtension.class)
class IndependentReceiverIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("it.readme")).toAbsolutePath().getParent();
    private static final Path PAGE = ROOT.resolve("docs/ssf-receiver.md");
    private static final Path SCRIPT = ROOT.resolve("integration-tests/src/test/resources/ssf/independent-receiver.sh");

    /** Changes the first SET of {@code $SETS}: one bit of its signature, or its subject (the signature left as it was). */
    private static final String TAMPER = """
            SETS=$(SETS="$SETS" python3 -c '
            import base64, json, os, sys
            answer = json.loads(os.environ["SETS"])
            jti, token = next(iter(answer["sets"].items()))
            header, claims, signature = token.split(".")
            def b64(text): return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            def enc(raw): return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
            if sys.argv[1] == "signature":
                raw = bytearray(b64(signature)); raw[10] ^= 1; signature = enc(bytes(raw))
            else:
                body = json.loads(b64(claims)); body["sub_id"] = {"format": "opaque", "id": "someone-else"}
                claims = enc(json.dumps(body).encode())
            answer["sets"][jti] = header + "." + claims + "." + signature
            print(json.dumps(answer))' "$1")
            """;

    private static TestStack stack;
    private static Operators operators;

    @BeforeAll
    static void start(TestStack testStack) {
        for (String tool : List.of("bash", "curl", "python3", "openssl")) {
            requireOnPath(tool);
        }
        stack = testStack;
        operators = new Operators(testStack);
    }

    @Test
    void theScriptRunsThePagesFiveCommandsWordForWord() throws IOException {
        List<String> commands = pageCommands();
        String script = Files.readString(SCRIPT);

        assertThat(commands).as("bash blocks between <!-- ssf-receiver --> markers in " + PAGE).hasSize(5);
        int from = 0;
        for (int i = 0; i < commands.size(); i++) {
            int at = script.indexOf(commands.get(i), from);
            assertThat(at).as("command %d of docs/ssf-receiver.md, in order, in %s", i + 1, SCRIPT.getFileName())
                    .isNotNegative();
            from = at + commands.get(i).length();
        }
    }

    @Test
    void anIndependentReceiverVerifiesAndAcknowledgesTheSetOfARotation() throws Exception {
        SsfReceiver receiver = SsfReceiver.create(stack.keycloak(), stack.admin(), Partners.uniqueId("independent-receiver"));
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("ssf-independent"));
        Map<String, String> environment = environment(receiver);
        environment.put("WAIT_FOR_CLIENT_ID", partner.clientId());
        environment.put("WAIT_SECONDS", "60");
        Script script = Script.start(List.of("bash", SCRIPT.toString()), environment);

        awaitStream(receiver, script);
        Reply rotation = operators.postJson(operators.rotateSecretUrl(partner.clientId()), operators.adminToken(), "");
        long revokedBefore = Instant.parse(rotation.json().get("tokens_revoked_before").asText()).getEpochSecond();
        script.await(90);

        assertThat(script.exitCode()).as("the script's exit code; it wrote:\n" + script.stderr()).isZero();
        assertThat(script.stdout().strip())
                .isEqualTo("verified credential-change for " + partner.clientId() + " event_timestamp=" + revokedBefore);
    }

    /**
     * The page's commands up to the poll, one change to what the poll returned, then its fifth command (verify and
     * acknowledge) under {@code set -e}, as in the script: it fails, names the SET and why, and acknowledges nothing.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a bit of the signature flipped | TAMPER signature                 | signature does not verify",
            "another client as its subject  | TAMPER claims                    | signature does not verify",
            "a SET for another receiver     | CLIENT_ID=another-receiver       | typ, iss or aud is not a SET for us"})
    void theFifthCommandRefusesAForgedOrMisdirectedSet(String what, String change, String refusal) throws Exception {
        // A revocation in force, so that the new stream starts with a SET at least.
        Partners.Partner revoked = Partners.create(stack.admin(), Partners.uniqueId("ssf-in-force"));
        operators.postJson(operators.rotateSecretUrl(revoked.clientId()), operators.adminToken(), "");
        SsfReceiver receiver = SsfReceiver.create(stack.keycloak(), stack.admin(), Partners.uniqueId("tampered-receiver"));
        List<String> commands = pageCommands();
        String bash = "set -euo pipefail\nTAMPER() {\n" + TAMPER + "}\n"
                + String.join("", commands.subList(0, 4))
                + "echo \"$SETS\"\n"
                + change + "\n"
                + commands.get(4);

        Script script = Script.start(List.of("bash", "-c", bash), environment(receiver));
        script.await(60);

        assertThat(script.stdout()).as("what the poll returned; the commands wrote:\n" + script.stderr()).startsWith("{");
        List<String> delivered = names(JSON.readTree(script.stdout()).get("sets"));
        assertThat(delivered).as("SETs of the new stream").isNotEmpty();
        String changed = delivered.get(0);
        assertThat(script.exitCode()).as(what + ": the verify command's exit code").isNotZero();
        assertThat(script.stderr()).contains("SET " + changed + " refused: " + refusal);
        assertThat(script.stdout().lines()).as("verified lines").noneMatch(line -> line.startsWith("verified "));

        String streamId = receiver.send("GET", receiver.streamsUrl(), receiver.token(), null).json().get(0).get("stream_id").asText();
        Reply again = receiver.poll(streamId, List.of(), true);
        assertThat(SsfReceiver.jtis(again)).as("still queued: nothing was acknowledged").contains(changed);
    }

    /** The receiver's client and secret, the realm's issuer and address, as the page asks for them. */
    private static Map<String, String> environment(SsfReceiver receiver) {
        Map<String, String> environment = new HashMap<>();
        environment.put("ISSUER", stack.keycloak().realmUrl());
        environment.put("REALM_URL", stack.keycloak().realmUrl());
        environment.put("CLIENT_ID", receiver.clientId());
        environment.put("CLIENT_SECRET", receiver.secret());
        return environment;
    }

    /** Waits until the script has created its stream, so that the rotation after it is an event in that stream. */
    private static void awaitStream(SsfReceiver receiver, Script script) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String token = receiver.token();
        while (System.nanoTime() < deadline) {
            if (!script.process.isAlive()) {
                throw new AssertionError("The script ended (exit code " + script.process.exitValue()
                        + ") before it subscribed:\n" + script.stderr());
            }
            Reply streams = receiver.send("GET", receiver.streamsUrl(), token, null);
            if (streams.status() == 200 && streams.json().size() > 0) {
                return;
            }
            Thread.sleep(200);
        }
        script.process.destroyForcibly();
        throw new AssertionError("The script made no stream within 30 s:\n" + script.stderr());
    }

    /** The bash blocks between {@code <!-- ssf-receiver -->} and {@code <!-- /ssf-receiver -->}. */
    private static List<String> pageCommands() throws IOException {
        String page = Files.readString(PAGE);
        int start = page.indexOf("<!-- ssf-receiver -->");
        int end = page.indexOf("<!-- /ssf-receiver -->");
        assertThat(start).as(PAGE + " has a <!-- ssf-receiver --> region").isNotNegative().isLessThan(end);
        return ShellSnippets.blocks(page.substring(start, end)).stream()
                .filter(block -> block.language().equals("bash")).map(ShellSnippets.Block::text).toList();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void requireOnPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return;
            }
        }
        throw new IllegalStateException(tool + " is not installed: apt-get install " + tool
                + " (the independent SSF receiver runs on bash, curl, python3 and openssl)");
    }

    /** A bash run in the background, its output in files (no pipe to fill up while nobody reads it). */
    private record Script(Process process, Path stdoutFile, Path stderrFile) {

        static Script start(List<String> command, Map<String, String> environment) throws IOException {
            Path stdout = Files.createTempFile("ssf-receiver", ".out");
            Path stderr = Files.createTempFile("ssf-receiver", ".err");
            stdout.toFile().deleteOnExit();
            stderr.toFile().deleteOnExit();
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            return new Script(process, stdout, stderr);
        }

        void await(int seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("The script did not end within " + seconds + " s; it wrote:\n" + stderr());
            }
        }

        int exitCode() {
            return process.exitValue();
        }

        String stdout() {
            return read(stdoutFile);
        }

        String stderr() {
            return read(stderrFile);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
