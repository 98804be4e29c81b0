package com.restoration.partnerapi.keycloak.ssf;

import java.util.List;

/** The event types this transmitter sends (CAEP 1.0 and SSF 1.0). */
public final class EventTypes {

    public static final String CREDENTIAL_CHANGE = "https://schemas.openid.net/secevent/caep/event-type/credential-change";
    public static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    public static final String VERIFICATION = "https://schemas.openid.net/secevent/ssf/event-type/verification";

    static final List<String> SUPPORTED = List.of(CREDENTIAL_CHANGE, SESSION_REVOKED, VERIFICATION);

    private EventTypes() {
    }
}
