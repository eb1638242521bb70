-- Forms: questions a panel asks in a modal before its ticket opens, and the answers kept with
-- each ticket. Keep in step with sqlite/0005_forms.sql.

CREATE TABLE forms (
    form_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id   BIGINT  NOT NULL,
    name       TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL,
    CONSTRAINT forms_guild_name_key UNIQUE (guild_id, name)
);

CREATE TABLE form_inputs (
    input_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    form_id     BIGINT  NOT NULL REFERENCES forms (form_id) ON DELETE CASCADE,
    guild_id    BIGINT  NOT NULL,
    position    INTEGER NOT NULL CHECK (position BETWEEN 0 AND 4),
    label       TEXT    NOT NULL,
    placeholder TEXT,
    style       TEXT    NOT NULL CHECK (style IN ('short', 'paragraph')),
    required    INTEGER NOT NULL CHECK (required IN (0, 1)),
    min_length  INTEGER,
    max_length  INTEGER
);
CREATE INDEX form_inputs_form_idx ON form_inputs (form_id, position);

-- NULL: the panel asks nothing. Deleting a form clears this in the same transaction.
ALTER TABLE panels ADD COLUMN form_id BIGINT;

-- The label is kept as it was when answered: editing the form later must not rewrite history.
CREATE TABLE ticket_form_answers (
    guild_id BIGINT  NOT NULL,
    number   BIGINT  NOT NULL,
    position INTEGER NOT NULL,
    label    TEXT    NOT NULL,
    answer   TEXT    NOT NULL,
    PRIMARY KEY (guild_id, number, position)
);
