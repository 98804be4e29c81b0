package com.restoration.partnerapi.keycloak.realm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartnerRealmsTest {

    @Test
    void readsACommaSeparatedListIgnoringBlanks() {
        assertThat(PartnerRealms.parse(" partners , eu-partners,,")).containsExactlyInAnyOrder("partners", "eu-partners");
    }

    @Test
    void servesNoRealmWhenConfiguredEmpty() {
        assertThat(PartnerRealms.parse(" ")).isEmpty();
    }
}
