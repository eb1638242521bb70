-- Close requests: staff ask the opener to confirm that a ticket can be closed, optionally closing
-- it by themselves after a delay (a durable job); and the tickets excluded from closing by
-- themselves. Keep in step with postgres/0010_close_requests.sql.
CREATE TABLE close_requests (
    request_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id     INTEGER NOT NULL,
    number       INTEGER NOT NULL,
    requested_by INTEGER NOT NULL,
    reason       TEXT,
    close_at     INTEGER,
    status       TEXT    NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'denied', 'superseded', 'closed')),
    created_at   INTEGER NOT NULL
);
CREATE INDEX close_requests_ticket_idx ON close_requests (guild_id, number, status);

CREATE TABLE autoclose_exclusions (
    guild_id    INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    excluded_by INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, number)
);
