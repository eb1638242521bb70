-- Multi-panels: one message offering several panels, as buttons or a select menu. Keep in step
-- with sqlite/0006_multi_panels.sql.

CREATE TABLE multi_panels (
    multi_panel_id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id           BIGINT  NOT NULL,
    title              TEXT    NOT NULL,
    content            TEXT    NOT NULL,
    colour             BIGINT  NOT NULL,
    channel_id         BIGINT  NOT NULL,
    message_id         BIGINT ,
    use_select_menu    INTEGER NOT NULL CHECK (use_select_menu IN (0, 1)),
    select_placeholder TEXT,
    large_image_url    TEXT,
    small_image_url    TEXT,
    created_at         BIGINT  NOT NULL,
    updated_at         BIGINT  NOT NULL
);
CREATE INDEX multi_panels_guild_idx ON multi_panels (guild_id, multi_panel_id);
CREATE INDEX multi_panels_message_idx ON multi_panels (message_id) WHERE message_id IS NOT NULL;

-- The panels a multi-panel offers, in order. Deleting a panel removes it here in the same
-- transaction.
CREATE TABLE multi_panel_panels (
    multi_panel_id BIGINT  NOT NULL,
    panel_id       BIGINT  NOT NULL,
    guild_id       BIGINT  NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (multi_panel_id, panel_id)
);
CREATE INDEX multi_panel_panels_panel_idx ON multi_panel_panels (guild_id, panel_id);
