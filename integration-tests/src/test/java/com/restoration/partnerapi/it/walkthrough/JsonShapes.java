package com.restoration.partnerapi.it.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

/** A document's example output against what the command printed. */
public final class JsonShapes {

    private JsonShapes() {
    }

    /**
     * Same fields in the same order, same values except the run-specific ones named (a string or null there);
     * arrays compared by their first element.
     */
    public static void assertSameShape(String where, JsonNode expected, JsonNode actual, Set<String> runSpecific) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(where + ": " + actual).isTrue();
            assertThat(fieldNames(actual)).as(where).containsExactlyElementsOf(fieldNames(expected));
            for (String field : fieldNames(expected)) {
                if (runSpecific.contains(field)) {
                    assertThat(actual.get(field).getNodeType()).as(where + "." + field)
                            .isIn(expected.get(field).getNodeType(), JsonNodeType.NULL, JsonNodeType.STRING);
                } else {
                    assertSameShape(where + "." + field, expected.get(field), actual.get(field), runSpecific);
                }
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as(where).isTrue();
            assertThat(actual.size()).as(where + ": at least one element").isPositive();
            assertSameShape(where + "[0]", expected.get(0), actual.get(0), runSpecific);
        } else {
            assertThat(actual).as(where).isEqualTo(expected);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
