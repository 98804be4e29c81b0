package com.restoration.partnerapi.orders.store;

/** The order a create request resulted in; {@code replayed} when an Idempotency-Key had already made it. */
public record CreatedOrder(Order order, boolean replayed) {
}
