-- Staff: the bot's admins and support (together the Default team), named teams, which teams
-- handle a panel's tickets, members added to a ticket, the claim setting, and the renames
-- Discord allows per channel. Keep in step with sqlite/0012_staff.sql.

CREATE TABLE staff (
    guild_id   BIGINT NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('user', 'role')),
    target_id  BIGINT NOT NULL,
    level      TEXT    NOT NULL CHECK (level IN ('admin', 'support')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, kind, target_id)
);

CREATE TABLE teams (
    team_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id   BIGINT NOT NULL,
    name       TEXT    NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT teams_guild_name_key UNIQUE (guild_id, name)
);

CREATE TABLE team_members (
    team_id   BIGINT NOT NULL REFERENCES teams (team_id) ON DELETE CASCADE,
    guild_id  BIGINT NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('user', 'role')),
    target_id BIGINT NOT NULL,
    PRIMARY KEY (team_id, kind, target_id)
);
CREATE INDEX team_members_guild_idx ON team_members (guild_id, kind, target_id);

-- A panel's teams. With no row and default_team off, the Default team still handles it: a
-- ticket is never left without staff.
CREATE TABLE panel_teams (
    panel_id BIGINT NOT NULL REFERENCES panels (panel_id) ON DELETE CASCADE,
    team_id  BIGINT NOT NULL REFERENCES teams (team_id) ON DELETE CASCADE,
    guild_id BIGINT NOT NULL,
    PRIMARY KEY (panel_id, team_id)
);
ALTER TABLE panels ADD COLUMN default_team INTEGER NOT NULL DEFAULT 1;

CREATE TABLE ticket_members (
    guild_id  BIGINT NOT NULL,
    number    BIGINT NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('user', 'role')),
    target_id BIGINT NOT NULL,
    PRIMARY KEY (guild_id, number, kind, target_id)
);

CREATE TABLE channel_renames (
    guild_id   BIGINT NOT NULL,
    channel_id BIGINT NOT NULL,
    renamed_at BIGINT NOT NULL
);
CREATE INDEX channel_renames_idx ON channel_renames (channel_id, renamed_at);

ALTER TABLE guild_settings ADD COLUMN claim_mode TEXT NOT NULL DEFAULT 'view_only'
    CHECK (claim_mode IN ('view_only', 'view_and_type', 'hidden'));
