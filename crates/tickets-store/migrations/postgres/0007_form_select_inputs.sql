-- Select questions in forms: a third input style, and the options column (the choices of a
-- select, as JSON text; NULL for text inputs). Keep in step with
-- sqlite/0007_form_select_inputs.sql.
--
-- form_inputs_style_check is the name PostgreSQL gave the column CHECK of 0005.
ALTER TABLE form_inputs DROP CONSTRAINT form_inputs_style_check;
ALTER TABLE form_inputs ADD CONSTRAINT form_inputs_style_check
    CHECK (style IN ('short', 'paragraph', 'select'));
ALTER TABLE form_inputs ADD COLUMN options TEXT;
