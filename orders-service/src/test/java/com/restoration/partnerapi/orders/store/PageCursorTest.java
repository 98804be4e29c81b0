package com.restoration.partnerapi.orders.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class PageCursorTest {

	@Test
	void decodesWhatItEncodedToTheMicrosecond() {
		PageCursor cursor = new PageCursor(Instant.parse("2026-03-01T12:34:56.123456Z"), UUID.randomUUID());

		assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
	}

	@Test
	void isUrlSafe() {
		String encoded = new PageCursor(Instant.now(), new UUID(-1, -1)).encode();

		assertThat(encoded).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void rejectsOtherVersion() {
		byte[] bytes = ByteBuffer.allocate(25).put((byte) 2).putLong(1).putLong(1).putLong(1).array();

		assertThatThrownBy(() -> PageCursor.decode(Base64.getUrlEncoder().encodeToString(bytes)))
			.isInstanceOf(InvalidCursorException.class);
	}

	@Test
	void rejectsTimeBeforeTheEpoch() {
		byte[] bytes = ByteBuffer.allocate(25).put((byte) 1).putLong(-5).putLong(1).putLong(1).array();

		assertThatThrownBy(() -> PageCursor.decode(Base64.getUrlEncoder().encodeToString(bytes)))
			.isInstanceOf(InvalidCursorException.class);
	}

	@Test
	void rejectsTruncatedCursor() {
		String encoded = new PageCursor(Instant.now(), UUID.randomUUID()).encode();

		assertThatThrownBy(() -> PageCursor.decode(encoded.substring(0, encoded.length() - 2)))
			.isInstanceOf(InvalidCursorException.class);
	}

}
