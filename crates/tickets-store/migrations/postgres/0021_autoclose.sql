-- Automatic closing: a server's rules, a panel's overrides of them, and what each ticket's
-- timers need beyond its activity columns (when staff or the opener kept it open, and which
-- deadline a warning was already posted for). The timers themselves are jobs. Times are Unix
-- milliseconds, durations whole minutes. Keep in step with sqlite/0021_autoclose.sql.
CREATE TABLE autoclose_settings (
    guild_id                      BIGINT NOT NULL PRIMARY KEY,
    enabled                       INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    on_user_leave                 INTEGER NOT NULL DEFAULT 0 CHECK (on_user_leave IN (0, 1)),
    -- NULL: the rule is off.
    since_open_minutes            INTEGER CHECK (since_open_minutes > 0),
    since_last_message_minutes    INTEGER CHECK (since_last_message_minutes > 0),
    -- NULL: a quarter of the rule's time, at most a day.
    warning_minutes               INTEGER CHECK (warning_minutes > 0),
    updated_at                    BIGINT NOT NULL
);

-- Per panel: NULL follows the server; 0 minutes (or on_user_leave 0) turns the rule off.
CREATE TABLE autoclose_panel_overrides (
    guild_id                      BIGINT NOT NULL,
    panel_id                      BIGINT NOT NULL,
    since_open_minutes            INTEGER CHECK (since_open_minutes >= 0),
    since_last_message_minutes    INTEGER CHECK (since_last_message_minutes >= 0),
    on_user_leave                 INTEGER CHECK (on_user_leave IN (0, 1)),
    PRIMARY KEY (guild_id, panel_id)
);

CREATE TABLE autoclose_tickets (
    guild_id                      BIGINT NOT NULL,
    number                        BIGINT NOT NULL,
    kept_open_at                  BIGINT,
    open_warned_for               BIGINT,
    message_warned_for            BIGINT,
    PRIMARY KEY (guild_id, number)
);

-- One timer per ticket and rule: re-planning replaces the job with the same payload.
CREATE INDEX jobs_autoclose_idx ON jobs (guild_id, payload) WHERE kind = 'autoclose';
