package com.restoration.partnerapi.orders.api;

import java.util.List;

import com.restoration.partnerapi.orders.store.Order;

/** Body of {@code GET /accounts/{clientId}/orders}; {@code next_cursor} is null on the last page. */
public record OrderList(List<Order> orders, String nextCursor) {
}
