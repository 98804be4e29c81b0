package com.restoration.partnerapi.orders.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an order is; its JSON and database value is the lower-case name. */
public enum OrderStatus {

	RECEIVED, IN_PROGRESS, COMPLETED, CANCELLED;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<OrderStatus> fromValue(String value) {
		return Arrays.stream(values()).filter((status) -> status.value().equals(value)).findFirst();
	}

}
