-- Tags: snippets staff send with /tag, a text and/or an embed (kept as JSON as the dashboard
-- built it). Keep in step with sqlite/0011_tags.sql.
CREATE TABLE tags (
    guild_id   BIGINT NOT NULL,
    tag_id     TEXT    NOT NULL,
    content    TEXT,
    embed      TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, tag_id)
);
