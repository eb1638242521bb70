-- Thread mode: a ticket may be a private thread instead of a channel (the panel may choose,
-- else the server does), announced by a message in the notification channel; on-call roles per
-- team; a channel ticket's staff-only notes thread. Keep in step with sqlite/0018_thread_tickets.sql.
ALTER TABLE tickets ADD COLUMN is_thread INTEGER NOT NULL DEFAULT 0 CHECK (is_thread IN (0, 1));
ALTER TABLE tickets ADD COLUMN notification_message_id BIGINT;
ALTER TABLE tickets ADD COLUMN notes_thread_id BIGINT;

-- The channel whose private threads /open tickets are, in thread mode.
ALTER TABLE guild_settings ADD COLUMN open_command_thread_channel_id BIGINT;

-- NULL: the server's mode; 0: channels; 1: threads.
ALTER TABLE panels ADD COLUMN thread_mode INTEGER CHECK (thread_mode IN (0, 1));

-- The role that marks a team's members as on call; team_id 0 is the Default team.
CREATE TABLE on_call_roles (
    guild_id BIGINT NOT NULL,
    team_id  BIGINT NOT NULL,
    role_id  BIGINT NOT NULL,
    PRIMARY KEY (guild_id, team_id)
);
