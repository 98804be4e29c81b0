package com.restoration.partnerapi.orders.api;

import java.util.UUID;

/** No such order on this account (it may exist on another one; we do not say). */
class OrderNotFoundException extends RuntimeException {

	OrderNotFoundException(UUID orderId) {
		super("No order " + orderId + " on this account.");
	}

}
