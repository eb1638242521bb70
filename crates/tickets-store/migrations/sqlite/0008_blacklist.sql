-- Members and roles a server bars from opening tickets (managed with the staff features; checked
-- on every opening). Keep in step with postgres/0008_blacklist.sql.
CREATE TABLE blacklist (
    guild_id   INTEGER NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('user', 'role')),
    target_id  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, kind, target_id)
);
