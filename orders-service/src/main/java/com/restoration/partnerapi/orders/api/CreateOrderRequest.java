package com.restoration.partnerapi.orders.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.restoration.partnerapi.orders.store.NewOrder;

/** Body of {@code POST /accounts/{clientId}/orders}. */
public record CreateOrderRequest(
		@NotBlank @Size(max = 100) String projectId,
		@NotNull @Positive(message = "must be a positive integer") Integer quantity,
		@Size(max = 200) String reference) {

	NewOrder toNewOrder() {
		return new NewOrder(this.projectId, this.quantity, this.reference);
	}

}
