-- Awaiting user response: a panel may name a category that its ticket channels move to ten
-- minutes after the staff's last message when the opener has not answered; a row of
-- awaiting_moves says the ticket is there and where it came from (NULL: no category), so it
-- goes back when the opener writes. Keep in step with sqlite/0022_awaiting_response.sql.
ALTER TABLE panels ADD COLUMN awaiting_category_id BIGINT;

CREATE TABLE awaiting_moves (
    guild_id         BIGINT NOT NULL,
    ticket_number    BIGINT NOT NULL,
    home_category_id BIGINT,
    moved_at         BIGINT NOT NULL,
    PRIMARY KEY (guild_id, ticket_number)
);
