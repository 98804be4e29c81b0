package com.restoration.partnerapi.orders.api;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import com.restoration.partnerapi.orders.store.CreatedOrder;
import com.restoration.partnerapi.orders.store.Order;
import com.restoration.partnerapi.orders.store.OrderPage;
import com.restoration.partnerapi.orders.store.OrderStatus;
import com.restoration.partnerapi.orders.store.OrderStore;
import com.restoration.partnerapi.orders.store.PageCursor;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A partner's orders. Who may call is decided in {@code SecurityConfiguration}: by the time a method here
 * runs, {@code clientId} is the calling client's own.
 */
@RestController
@RequestMapping(path = "/accounts/{clientId}/orders", produces = MediaType.APPLICATION_JSON_VALUE)
class OrdersController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final OrderStore store;

	OrdersController(OrderStore store) {
		this.store = store;
	}

	@GetMapping
	@Operation(summary = "The account's orders, newest first", description = "Needs scope orders:read.")
	OrderList list(@PathVariable String clientId,
			@RequestParam(defaultValue = "20") @Min(value = 1, message = "must be between 1 and 100")
			@Max(value = 100, message = "must be between 1 and 100") int limit,
			@Parameter(description = "next_cursor of the previous page") @RequestParam(required = false) String cursor,
			@RequestParam(required = false) OrderStatus status) {
		PageCursor after = (cursor != null) ? PageCursor.decode(cursor) : null;
		OrderPage page = this.store.page(clientId, status, after, limit);
		return new OrderList(page.orders(), (page.next() != null) ? page.next().encode() : null);
	}

	@GetMapping("/{orderId}")
	@Operation(summary = "One order", description = "Needs scope orders:read. 404 unless the order is this account's.")
	Order get(@PathVariable String clientId, @PathVariable UUID orderId) {
		return this.store.find(clientId, orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create an order", description = "Needs scope orders:write. With an Idempotency-Key, "
			+ "a retry returns the order the key created; the key with a different body is a 422.")
	@ApiResponse(responseCode = "201", description = "Created (or replayed for a known Idempotency-Key)")
	ResponseEntity<Order> create(@PathVariable String clientId,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false)
			@Pattern(regexp = "[\\x21-\\x7E]{1,255}", message = "must be 1 to 255 visible ASCII characters")
			String idempotencyKey,
			@Valid @RequestBody CreateOrderRequest request) {
		CreatedOrder created = this.store.create(clientId, request.toNewOrder(), idempotencyKey);
		Order order = created.order();
		URI location = UriComponentsBuilder.fromPath("/accounts/{clientId}/orders/{orderId}")
			.buildAndExpand(clientId, order.id())
			.encode()
			.toUri();
		// A replay answers like the original request did, so a client's retry logic needs no special case.
		return ResponseEntity.created(location).header("Idempotent-Replayed", Boolean.toString(created.replayed()))
			.body(order);
	}

}
