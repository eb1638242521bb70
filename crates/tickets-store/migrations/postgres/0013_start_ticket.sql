-- The "Start Ticket" message context menu: who may use it, whether the message's sender joins
-- the ticket, and which panel's settings it opens with (NULL: the /open command's).
-- Keep in step with sqlite/0013_start_ticket.sql.
ALTER TABLE guild_settings ADD COLUMN context_menu_level TEXT NOT NULL DEFAULT 'everyone'
    CHECK (context_menu_level IN ('everyone', 'support', 'admin'));
ALTER TABLE guild_settings ADD COLUMN context_menu_add_sender INTEGER NOT NULL DEFAULT 1
    CHECK (context_menu_add_sender IN (0, 1));
ALTER TABLE guild_settings ADD COLUMN context_menu_panel_id BIGINT;
