-- Schema version 2: sign-off locks, and an index for filtering the audit trail.

-- A locked follow-up (e.g. delår 2017 of Kommunstyrelsen) refuses every edit to its figures.
CREATE TABLE period_lock (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    period      TEXT NOT NULL,
    locked_at   TEXT NOT NULL,
    locked_by   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (committee_id, year, period)
) WITHOUT ROWID;

CREATE INDEX changeset_user ON changeset(user);
CREATE INDEX audit_table ON audit(table_name);

-- Published figures belong to one follow-up (the årsrapport's are not the delårsrapport's).
CREATE TABLE published_figure_new (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    period      TEXT NOT NULL DEFAULT 'bokslut',
    table_name  TEXT NOT NULL,
    row_name    TEXT NOT NULL,
    column_name TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (committee_id, year, period, table_name, row_name, column_name)
) WITHOUT ROWID;
INSERT INTO published_figure_new (committee_id, year, period, table_name, row_name,
                                  column_name, value)
    SELECT committee_id, year, 'bokslut', table_name, row_name, column_name, value
    FROM published_figure;
DROP TABLE published_figure;
ALTER TABLE published_figure_new RENAME TO published_figure;
