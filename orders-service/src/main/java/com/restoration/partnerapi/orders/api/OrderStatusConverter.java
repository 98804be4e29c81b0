package com.restoration.partnerapi.orders.api;

import com.restoration.partnerapi.orders.store.OrderStatus;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** {@code ?status=in_progress}: the same lower-case values as in the JSON. */
@Component
class OrderStatusConverter implements Converter<String, OrderStatus> {

	@Override
	public OrderStatus convert(String value) {
		return OrderStatus.fromValue(value).orElseThrow(() -> new IllegalArgumentException("Unknown status"));
	}

}
