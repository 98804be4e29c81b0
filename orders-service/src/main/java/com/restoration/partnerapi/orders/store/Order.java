package com.restoration.partnerapi.orders.store;

import java.time.Instant;
import java.util.UUID;

/** An order as partners see it. */
public record Order(UUID id, String clientId, String projectId, int quantity, String reference,
		OrderStatus status, Instant createdAt, Instant updatedAt) {
}
