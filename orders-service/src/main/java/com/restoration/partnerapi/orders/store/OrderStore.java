package com.restoration.partnerapi.orders.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Orders in PostgreSQL. Every query is scoped to one partner's {@code client_id}. */
@Repository
public class OrderStore {

	private static final String COLUMNS = "id, client_id, project_id, quantity, reference, status, created_at, updated_at";

	private static final RowMapper<Order> ORDER = OrderStore::mapOrder;

	private final JdbcClient jdbc;

	public OrderStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<Order> find(String clientId, UUID orderId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE client_id = :clientId AND id = :id")
			.param("clientId", clientId)
			.param("id", orderId)
			.query(ORDER)
			.optional();
	}

	/** Newest first, starting after {@code after} (null: from the newest). */
	public OrderPage page(String clientId, OrderStatus status, PageCursor after, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM orders WHERE client_id = :clientId");
		if (status != null) {
			sql.append(" AND status = :status");
		}
		if (after != null) {
			sql.append(" AND (created_at, id) < (:afterCreatedAt, :afterId)");
		}
		// One row more than asked tells whether another page follows.
		sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
		JdbcClient.StatementSpec query = this.jdbc.sql(sql.toString())
			.param("clientId", clientId)
			.param("limit", limit + 1);
		if (status != null) {
			query = query.param("status", status.value());
		}
		if (after != null) {
			query = query.param("afterCreatedAt", OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC))
				.param("afterId", after.id());
		}
		List<Order> rows = query.query(ORDER).list();
		if (rows.size() <= limit) {
			return new OrderPage(rows, null);
		}
		List<Order> page = rows.subList(0, limit);
		Order last = page.get(limit - 1);
		return new OrderPage(List.copyOf(page), new PageCursor(last.createdAt(), last.id()));
	}

	/**
	 * Creates the order, or with an Idempotency-Key already used by this partner returns the order that key
	 * created. Concurrent requests with one key are serialized by the unique index: one inserts, the others
	 * wait for its commit, insert nothing and read its order.
	 * @throws IdempotencyKeyReusedException if the key created an order from a different request
	 */
	public CreatedOrder create(String clientId, NewOrder order, String idempotencyKey) {
		String fingerprint = (idempotencyKey != null) ? order.fingerprint() : null;
		Optional<Order> inserted = this.jdbc.sql("""
				INSERT INTO orders (id, client_id, project_id, quantity, reference, status, created_at, updated_at,
				                    idempotency_key, request_fingerprint)
				VALUES (:id, :clientId, :projectId, :quantity, :reference, 'received', now(), now(),
				        :idempotencyKey, :fingerprint)
				ON CONFLICT (client_id, idempotency_key) DO NOTHING
				RETURNING\s""" + COLUMNS)
			.param("id", UUID.randomUUID())
			.param("clientId", clientId)
			.param("projectId", order.projectId())
			.param("quantity", order.quantity())
			.param("reference", order.reference())
			.param("idempotencyKey", idempotencyKey)
			.param("fingerprint", fingerprint)
			.query(ORDER)
			.optional();
		if (inserted.isPresent()) {
			return new CreatedOrder(inserted.get(), false);
		}
		Keyed existing = this.jdbc
			.sql("SELECT " + COLUMNS + ", request_fingerprint FROM orders"
					+ " WHERE client_id = :clientId AND idempotency_key = :idempotencyKey")
			.param("clientId", clientId)
			.param("idempotencyKey", idempotencyKey)
			.query((rs, row) -> new Keyed(mapOrder(rs, row), rs.getString("request_fingerprint")))
			.single();
		if (!existing.fingerprint().equals(fingerprint)) {
			throw new IdempotencyKeyReusedException(idempotencyKey);
		}
		return new CreatedOrder(existing.order(), true);
	}

	private record Keyed(Order order, String fingerprint) {
	}

	private static Order mapOrder(ResultSet rs, int row) throws SQLException {
		return new Order(rs.getObject("id", UUID.class), rs.getString("client_id"), rs.getString("project_id"),
				rs.getInt("quantity"), rs.getString("reference"),
				OrderStatus.fromValue(rs.getString("status")).orElseThrow(),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

}
