package com.restoration.partnerapi.it.walkthrough;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The regions of the repository's documents whose commands the tests run, each between an opening and a closing
 * HTML comment: the README's walkthrough, the partner guide's examples and the operator guide's commands. A curl
 * anywhere else in the README or docs/ is untested, and {@code DocumentedCurlCommandsIT} says so.
 */
enum TestedDocs {

    README_WALKTHROUGH("README.md", "walkthrough"),
    PARTNER_GUIDE_EXAMPLES("docs/partner-guide.md", "partner-guide-examples"),
    OPERATOR_COMMANDS("docs/operations.md", "operator-commands");

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
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(root().resolve("README.md")),
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
    String region() {
        try {
            String text = Files.readString(path());
            int start = text.indexOf(open());
            int end = text.indexOf(close());
            if (start < 0 || end < start) {
                throw new AssertionError(file + " has no " + open() + " ... " + close() + " region");
            }
            return text.substring(start + open().length(), end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document's text outside the region. */
    String outside() {
        try {
            String text = Files.readString(path());
            return text.substring(0, text.indexOf(open())) + text.substring(text.indexOf(close()) + close().length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
