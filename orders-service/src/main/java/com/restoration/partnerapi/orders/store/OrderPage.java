package com.restoration.partnerapi.orders.store;

import java.util.List;

/** One page of orders, newest first; {@code next} is null on the last page. */
public record OrderPage(List<Order> orders, PageCursor next) {
}
