package com.restoration.partnerapi.orders.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.restoration.partnerapi.orders.store.NewOrder;

/**
 * Body of {@code POST /accounts/{clientId}/orders}. Text fields hold no control characters (C0, U+0000 to U+001F,
 * and DEL, U+007F): PostgreSQL cannot store NUL, and none of them belongs in an identifier or a reference.
 */
public record CreateOrderRequest(
		@NotBlank @Size(max = 100) @Pattern(regexp = NO_CONTROL_CHARACTERS, message = NO_CONTROL_CHARACTERS_MESSAGE) String projectId,
		@NotNull @Positive(message = "must be a positive integer") Integer quantity,
		@Size(max = 200) @Pattern(regexp = NO_CONTROL_CHARACTERS, message = NO_CONTROL_CHARACTERS_MESSAGE) String reference) {

	/** Any text without U+0000 to U+001F and U+007F (the whole value must match). */
	static final String NO_CONTROL_CHARACTERS = "[^\\x00-\\x1F\\x7F]*";

	static final String NO_CONTROL_CHARACTERS_MESSAGE = "must not contain control characters (U+0000 to U+001F, U+007F)";

	NewOrder toNewOrder() {
		return new NewOrder(this.projectId, this.quantity, this.reference);
	}

}
