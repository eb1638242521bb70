-- Members and roles a server bars from opening tickets (managed with the staff features; checked
-- on every opening). Keep in step with sqlite/0008_blacklist.sql.
CREATE TABLE blacklist (
    guild_id   BIGINT  NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('user', 'role')),
    target_id  BIGINT  NOT NULL,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (guild_id, kind, target_id)
);
