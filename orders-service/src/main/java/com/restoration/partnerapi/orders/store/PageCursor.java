package com.restoration.partnerapi.orders.store;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Position after the last order of a page: its {@code (created_at, id)}, which orders all of a partner's
 * orders uniquely. Paging by position rather than offset keeps pages stable while orders are added.
 *
 * <p>
 * Opaque to clients (base64url of a version byte, microseconds and id). It carries no authority: every
 * query is scoped to the account of the path, so a hand-made cursor can only move within one's own orders.
 */
public record PageCursor(Instant createdAt, UUID id) {

	private static final byte VERSION = 1;

	private static final int LENGTH = 1 + Long.BYTES + 2 * Long.BYTES;

	/** PostgreSQL and clients agree on years 1970 to 9999; anything outside was not made by us. */
	private static final long MAX_MICROS = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() * 1_000_000L;

	public String encode() {
		ByteBuffer buffer = ByteBuffer.allocate(LENGTH)
			.put(VERSION)
			.putLong(ChronoUnit.MICROS.between(Instant.EPOCH, this.createdAt))
			.putLong(this.id.getMostSignificantBits())
			.putLong(this.id.getLeastSignificantBits());
		return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
	}

	public static PageCursor decode(String cursor) {
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(cursor);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCursorException();
		}
		if (bytes.length != LENGTH || bytes[0] != VERSION) {
			throw new InvalidCursorException();
		}
		ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
		long micros = buffer.getLong();
		if (micros < 0 || micros > MAX_MICROS) {
			throw new InvalidCursorException();
		}
		return new PageCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
				new UUID(buffer.getLong(), buffer.getLong()));
	}

}
