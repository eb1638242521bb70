-- The foundation: guilds, their settings, tickets with their per-guild counters, dashboard logins
-- and durable jobs. Snowflakes and Unix-millisecond times are BIGINT.
-- Keep this file in step with sqlite/0001_init.sql, and never edit it once released: add a new
-- numbered migration to both folders instead.

-- What the gateway last told us about a server: its name for the dashboard, its owner (a bot
-- admin).
CREATE TABLE guilds (
    guild_id   BIGINT NOT NULL PRIMARY KEY,
    name       TEXT   NOT NULL,
    owner_id   BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A missing row means "all defaults"; the defaults here must equal those in settings.rs.
CREATE TABLE guild_settings (
    guild_id           BIGINT  NOT NULL PRIMARY KEY,
    ticket_limit       INTEGER NOT NULL DEFAULT 5 CHECK (ticket_limit BETWEEN 1 AND 50),
    ticket_category_id BIGINT,
    language           TEXT,
    created_at         BIGINT  NOT NULL,
    updated_at         BIGINT  NOT NULL
);

-- One row per guild, updated in the same transaction as the tickets it counts, so that the next
-- number and the counts shown in placeholders cost one primary-key lookup. Locking this row is
-- also what serialises concurrent openings in one guild.
CREATE TABLE ticket_counters (
    guild_id    BIGINT NOT NULL PRIMARY KEY,
    last_number BIGINT NOT NULL DEFAULT 0 CHECK (last_number >= 0),
    open_count  BIGINT NOT NULL DEFAULT 0 CHECK (open_count >= 0),
    total_count BIGINT NOT NULL DEFAULT 0 CHECK (total_count >= 0)
);

CREATE TABLE tickets (
    guild_id     BIGINT NOT NULL,
    number       BIGINT NOT NULL CHECK (number > 0),
    opener_id    BIGINT NOT NULL,
    channel_id   BIGINT,
    subject      TEXT,
    status       TEXT   NOT NULL CHECK (status IN ('opening', 'open', 'closed', 'failed')),
    created_at   BIGINT NOT NULL,
    opened_at    BIGINT,
    closed_at    BIGINT,
    closed_by    BIGINT,
    close_reason TEXT,
    PRIMARY KEY (guild_id, number)
);
CREATE UNIQUE INDEX tickets_channel_id_key ON tickets (channel_id) WHERE channel_id IS NOT NULL;
CREATE INDEX tickets_opener_idx ON tickets (guild_id, opener_id, status);
-- The sweeper's query only ever looks at the few tickets still opening.
CREATE INDEX tickets_opening_idx ON tickets (created_at) WHERE status = 'opening';

-- Dashboard sessions, keyed by the SHA-256 of the cookie so that a copy of the database holds no
-- usable session.
CREATE TABLE web_sessions (
    id_hash      TEXT   NOT NULL PRIMARY KEY,
    user_id      BIGINT NOT NULL,
    username     TEXT   NOT NULL,
    avatar       TEXT,
    access_token TEXT,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX web_sessions_expires_idx ON web_sessions (expires_at);

-- The servers a session's user belongs to, as Discord listed them at login. A text role rather
-- than a boolean, as in SQLite, where the Any driver cannot read BOOLEAN columns.
CREATE TABLE web_session_guilds (
    id_hash  TEXT   NOT NULL REFERENCES web_sessions (id_hash) ON DELETE CASCADE,
    guild_id BIGINT NOT NULL,
    role     TEXT   NOT NULL CHECK (role IN ('owner', 'member')),
    PRIMARY KEY (id_hash, guild_id)
);

-- OAuth2 logins under way: the CSRF state and its PKCE verifier, used once.
CREATE TABLE oauth_states (
    state         TEXT   NOT NULL PRIMARY KEY,
    pkce_verifier TEXT   NOT NULL,
    redirect_to   TEXT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX oauth_states_created_idx ON oauth_states (created_at);

-- Durable timers, run at least once: a claimed job is leased until locked_until, after which
-- another runner may take it again.
CREATE TABLE jobs (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT    NOT NULL,
    guild_id     BIGINT,
    payload      TEXT    NOT NULL,
    due_at       BIGINT  NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT,
    created_at   BIGINT  NOT NULL
);
CREATE INDEX jobs_due_idx ON jobs (due_at);
