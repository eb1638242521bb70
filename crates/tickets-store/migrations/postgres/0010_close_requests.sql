-- Close requests: staff ask the opener to confirm that a ticket can be closed, optionally closing
-- it by themselves after a delay (a durable job); and the tickets excluded from closing by
-- themselves. Keep in step with sqlite/0010_close_requests.sql.
CREATE TABLE close_requests (
    request_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id     BIGINT NOT NULL,
    number       BIGINT NOT NULL,
    requested_by BIGINT NOT NULL,
    reason       TEXT,
    close_at     BIGINT,
    status       TEXT    NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'denied', 'superseded', 'closed')),
    created_at   BIGINT NOT NULL
);
CREATE INDEX close_requests_ticket_idx ON close_requests (guild_id, number, status);

CREATE TABLE autoclose_exclusions (
    guild_id    BIGINT NOT NULL,
    number      BIGINT NOT NULL,
    excluded_by BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (guild_id, number)
);
