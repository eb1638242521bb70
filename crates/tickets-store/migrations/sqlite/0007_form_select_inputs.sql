-- Select questions in forms: a third input style, and the options column (the choices of a
-- select, as JSON text; NULL for text inputs). Keep in step with
-- postgres/0007_form_select_inputs.sql.
--
-- SQLite cannot change a CHECK in place, so form_inputs is rebuilt. Ids are copied, so
-- AUTOINCREMENT continues after the highest one; nothing references form_inputs.
CREATE TABLE form_inputs_next (
    input_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    form_id     INTEGER NOT NULL REFERENCES forms (form_id) ON DELETE CASCADE,
    guild_id    INTEGER NOT NULL,
    position    INTEGER NOT NULL CHECK (position BETWEEN 0 AND 4),
    label       TEXT    NOT NULL,
    placeholder TEXT,
    style       TEXT    NOT NULL CHECK (style IN ('short', 'paragraph', 'select')),
    required    INTEGER NOT NULL CHECK (required IN (0, 1)),
    min_length  INTEGER,
    max_length  INTEGER,
    options     TEXT
);
INSERT INTO form_inputs_next (input_id, form_id, guild_id, position, label, placeholder, style,
                              required, min_length, max_length)
SELECT input_id, form_id, guild_id, position, label, placeholder, style, required, min_length,
       max_length
FROM form_inputs;
DROP TABLE form_inputs;
ALTER TABLE form_inputs_next RENAME TO form_inputs;
CREATE INDEX form_inputs_form_idx ON form_inputs (form_id, position);
