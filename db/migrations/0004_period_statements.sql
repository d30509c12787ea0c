-- Schema version 4: the resultaträkning, the balansräkning and the investments per follow-up.
--
-- A delårsrapport shows the utfall through August, not the year-end's. Each row now
-- belongs to a follow-up period: an actual is the year to date through it, a budget or an
-- anslag is the one in force from it. Rows of older files were the year-end's; a
-- resultaträkning budget is the year's, stated once from January (as the drift budget).

CREATE TABLE statement_value_new (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    statement   TEXT NOT NULL CHECK (statement IN ('resultat', 'balans')),
    line        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    period      TEXT NOT NULL DEFAULT 'bokslut',
    column_name TEXT NOT NULL CHECK (column_name IN ('budget', 'actual')),
    amount      INTEGER NOT NULL,
    PRIMARY KEY (committee_id, statement, line, year, period, column_name)
) WITHOUT ROWID;
INSERT INTO statement_value_new (committee_id, statement, line, year, period, column_name,
                                 amount)
    SELECT committee_id, statement, line, year,
           CASE WHEN column_name = 'budget' THEN 'm01' ELSE 'bokslut' END,
           column_name, amount
    FROM statement_value;
DROP TABLE statement_value;
ALTER TABLE statement_value_new RENAME TO statement_value;

CREATE TABLE investment_figure_new (
    project_id  INTEGER NOT NULL REFERENCES investment_project(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    period      TEXT NOT NULL DEFAULT 'bokslut',
    appropriation INTEGER,
    spent       INTEGER,
    PRIMARY KEY (project_id, year, period)
) WITHOUT ROWID;
-- An anslag is in force from January (as a drift budget); an utfall is the year-end's.
INSERT INTO investment_figure_new (project_id, year, period, appropriation, spent)
    SELECT project_id, year, 'm01', appropriation, NULL FROM investment_figure
    WHERE appropriation IS NOT NULL;
INSERT INTO investment_figure_new (project_id, year, period, appropriation, spent)
    SELECT project_id, year, 'bokslut', NULL, spent FROM investment_figure
    WHERE spent IS NOT NULL;
DROP TABLE investment_figure;
ALTER TABLE investment_figure_new RENAME TO investment_figure;

-- The audit trail names each row by its key (JSON, keys sorted, as ksui writes it), so
-- undo keeps finding the rows: their keys gain the period they now have.
UPDATE audit SET row_key = '{"column_name": ' || json_quote(json_extract(row_key, '$.column_name'))
        || ', "committee_id": ' || json_extract(row_key, '$.committee_id')
        || ', "line": ' || json_quote(json_extract(row_key, '$.line'))
        || ', "period": '
        || CASE WHEN json_extract(row_key, '$.column_name') = 'budget'
                THEN '"m01"' ELSE '"bokslut"' END
        || ', "statement": ' || json_quote(json_extract(row_key, '$.statement'))
        || ', "year": ' || json_extract(row_key, '$.year') || '}'
    WHERE table_name = 'statement_value' AND json_extract(row_key, '$.period') IS NULL;
UPDATE audit SET row_key = '{"period": '
        || CASE WHEN field = 'appropriation' THEN '"m01"' ELSE '"bokslut"' END
        || ', "project_id": ' || json_extract(row_key, '$.project_id')
        || ', "year": ' || json_extract(row_key, '$.year') || '}'
    WHERE table_name = 'investment_figure' AND json_extract(row_key, '$.period') IS NULL;
