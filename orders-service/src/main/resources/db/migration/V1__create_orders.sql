CREATE TABLE orders (
    id                  uuid        PRIMARY KEY,
    client_id           text        NOT NULL,
    project_id          text        NOT NULL,
    quantity            integer     NOT NULL CHECK (quantity > 0),
    reference           text,
    status              text        NOT NULL DEFAULT 'received'
                                    CHECK (status IN ('received', 'in_progress', 'completed', 'cancelled')),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    -- The partner's Idempotency-Key and a hash of the request that first used it: a retry with the same
    -- key returns this order, the same key with another request is refused.
    idempotency_key     text,
    request_fingerprint text,
    CONSTRAINT orders_idempotency_key_unique UNIQUE (client_id, idempotency_key)
);

-- A page is a range scan on one of these: newest first, keyset (created_at, id), per partner.
CREATE INDEX orders_client_newest ON orders (client_id, created_at DESC, id DESC);
CREATE INDEX orders_client_status_newest ON orders (client_id, status, created_at DESC, id DESC);
