-- Thread mode, as /setup use-threads stores it (tickets as private threads, announced in a
-- notification channel). Keep in step with postgres/0014_thread_mode.sql.
ALTER TABLE guild_settings ADD COLUMN thread_mode INTEGER NOT NULL DEFAULT 0
    CHECK (thread_mode IN (0, 1));
ALTER TABLE guild_settings ADD COLUMN ticket_notification_channel_id INTEGER;
