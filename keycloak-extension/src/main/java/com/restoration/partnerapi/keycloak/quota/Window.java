package com.restoration.partnerapi.keycloak.quota;

import java.util.Locale;

/** The fixed UTC windows a quota counts in: each hour, each day. */
public enum Window {
    HOUR(3_600),
    DAY(86_400);

    private final long seconds;
    private final String label;

    Window(long seconds) {
        this.seconds = seconds;
        this.label = name().toLowerCase(Locale.ROOT);
    }

    public long seconds() {
        return seconds;
    }

    /** Which window an instant falls in: epoch seconds divided by the window's length. */
    long index(long epochSeconds) {
        return epochSeconds / seconds;
    }

    /** Seconds from this instant until its window ends (1 at the least). */
    long secondsLeft(long epochSeconds) {
        return seconds - epochSeconds % seconds;
    }

    public String label() {
        return label;
    }
}
