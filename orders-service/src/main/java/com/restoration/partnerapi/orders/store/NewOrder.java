package com.restoration.partnerapi.orders.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What a partner asks for; {@code reference} is optional. */
public record NewOrder(String projectId, int quantity, String reference) {

	/**
	 * Identifies the request behind an Idempotency-Key: a retry must carry the same order. Computed from the
	 * values, not the raw JSON, so whitespace or field order in a retry does not matter.
	 */
	String fingerprint() {
		String canonical = String.join("\u0000", this.projectId, Integer.toString(this.quantity),
				(this.reference != null) ? "=" + this.reference : "null");
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
