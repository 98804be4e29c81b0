package com.restoration.partnerapi.it.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.restoration.partnerapi.it.walkthrough.ShellSnippets.Block;
import org.junit.jupiter.api.Test;

/**
 * Every curl in the README and docs/ is in a region the integration tests run ({@link TestedDocs}), so no
 * documented command can drift from what the stack does.
 */
class DocumentedCurlCommandsIT {

    @Test
    void everyCurlInTheReadmeAndDocsIsInATestedRegion() throws IOException {
        List<String> untested = new ArrayList<>();
        for (Path document : TestedDocs.documents()) {
            String text = Files.readString(document);
            for (TestedDocs region : TestedDocs.values()) {
                if (region.path().equals(document)) {
                    text = region.outside(text);
                }
            }
            for (Block block : ShellSnippets.blocks(text)) {
                if (block.text().contains("curl ")) {
                    untested.add(TestedDocs.root().relativize(document) + ": " + block.text().strip().lines().findFirst().orElse(""));
                }
            }
        }
        assertThat(untested).as("curl commands outside the tested regions").isEmpty();
    }

    @Test
    void everyTestedRegionHasCurlCommands() {
        assertThat(Arrays.stream(TestedDocs.values()))
                .allSatisfy(region -> assertThat(ShellSnippets.blocks(region.region()))
                        .as(region.path() + " " + region.open())
                        .anySatisfy(block -> assertThat(block.text()).contains("curl ")));
    }
}
