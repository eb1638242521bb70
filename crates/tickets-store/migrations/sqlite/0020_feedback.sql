-- Feedback: the opener's rating of a closed ticket (1 to 5 stars, one per ticket), counters of
-- the ratings per server and star count kept in the same transaction (so the average and the
-- count are one small read), which tickets were offered a rating, the answers of the exit
-- survey, the exit survey's form (the server's, or a panel's that wins), and the transcripts
-- channel's summary message (edited to show the rating). Keep in step with
-- postgres/0020_feedback.sql.
CREATE TABLE rating_offers (
    guild_id   INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    offered_at INTEGER NOT NULL,
    -- When the exit survey was answered (even with every answer left blank): asked once.
    survey_answered_at INTEGER,
    PRIMARY KEY (guild_id, number)
);

CREATE TABLE ticket_ratings (
    guild_id INTEGER NOT NULL,
    number   INTEGER NOT NULL,
    stars    INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    -- The first rating's time: a rating may be changed for 24 hours after it.
    rated_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, number)
);
CREATE INDEX ticket_ratings_stars_idx ON ticket_ratings (guild_id, stars);

CREATE TABLE rating_counts (
    guild_id INTEGER NOT NULL,
    stars    INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    count    INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (guild_id, stars)
);

CREATE TABLE exit_survey_answers (
    guild_id INTEGER NOT NULL,
    number   INTEGER NOT NULL,
    position INTEGER NOT NULL,
    question TEXT    NOT NULL,
    answer   TEXT    NOT NULL,
    PRIMARY KEY (guild_id, number, position)
);

-- NULL: no exit survey; a panel's NULL: the server's.
ALTER TABLE guild_settings ADD COLUMN exit_survey_form_id INTEGER;
ALTER TABLE panels ADD COLUMN exit_survey_form_id INTEGER;

ALTER TABLE transcripts ADD COLUMN summary_channel_id INTEGER;
ALTER TABLE transcripts ADD COLUMN summary_message_id INTEGER;
