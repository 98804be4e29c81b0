package com.restoration.partnerapi.it.walkthrough;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The regions of the repository's documents whose commands the tests run, each between an opening and a closing
 * HTML comment: the README's walkthrough and its dashboard steps, the partner guide's examples and the operator
 * guide's commands, and the five commands of another resource server's Shared Signals receiver. A curl anywhere else in the README or docs/ is untested, and {@code DocumentedCurlCommandsIT}
 * says so.
 */
public enum TestedDocs {

    README_WALKTHROUGH("README.md", "walkthrough"),
    /** Run by {@code dashboard/PartnerDashboardIT}: its command, and its steps in a browser. */
    README_DASHBOARD("README.md", "dashboard-walkthrough"),
    PARTNER_GUIDE_EXAMPLES("docs/partner-guide.md", "partner-guide-examples"),
    OPERATOR_COMMANDS("docs/operations.md", "operator-commands"),
    /** Run by {@code ssf/IndependentReceiverIT}, as {@code ssf/independent-receiver.sh}. */
    SSF_RECEIVER("docs/ssf-receiver.md", "ssf-receiver");

    private final String file;
    private final String marker;

    TestedDocs(String file, String marker) {
        this.file = file;
        this.marker = marker;
    }

    /** The repository's root, found from the README the build names. */
    static Path root() {
        return Path.of(System.getProperty("it.readme")).toAbsolutePath().getParent();
    }

    /** Every Markdown document a reader of the repository meets: the README and docs/. */
    static List<Path> documents() {
        try (var docs = Files.walk(root().resolve("docs"))) {
            return Stream.concat(Stream.of(root().resolve("README.md")),
                    docs.filter(path -> path.toString().endsWith(".md")).sorted()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path() {
        return root().resolve(file);
    }

    String open() {
        return "<!-- " + marker + " -->";
    }

    String close() {
        return "<!-- /" + marker + " -->";
    }

    /** The region's text, between its markers. */
    public String region() {
        String text = text();
        return text.substring(start(text) + open().length(), end(text));
    }

    /** The document's text (or what is left of it once other regions are cut out) without this region. */
    String outside(String text) {
        return text.substring(0, start(text)) + text.substring(end(text) + close().length());
    }

    private String text() {
        try {
            return Files.readString(path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int start(String text) {
        int start = text.indexOf(open());
        if (start < 0 || end(text) < start) {
            throw new AssertionError(file + " has no " + open() + " ... " + close() + " region");
        }
        return start;
    }

    private int end(String text) {
        return text.indexOf(close());
    }
}
