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
