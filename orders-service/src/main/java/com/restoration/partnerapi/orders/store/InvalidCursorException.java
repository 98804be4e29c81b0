package com.restoration.partnerapi.orders.store;

/** A {@code cursor} that this service did not hand out. */
public class InvalidCursorException extends RuntimeException {

	public InvalidCursorException() {
		super("The cursor is not valid: pass the next_cursor of a previous page unchanged, "
				+ "or leave it out to start from the newest order.");
	}

}
