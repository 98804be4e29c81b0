package com.restoration.partnerapi.orders.store;

/** The Idempotency-Key was already used for a different order. */
public class IdempotencyKeyReusedException extends RuntimeException {

	public IdempotencyKeyReusedException(String idempotencyKey) {
		super("Idempotency-Key '" + idempotencyKey + "' was already used with a different request body.");
	}

}
