-- Schema version 3: a unit's forecast marked klar (ready) for a follow-up.

CREATE TABLE forecast_status (
    unit_id     INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    period      TEXT NOT NULL,
    done_at     TEXT NOT NULL,
    done_by     TEXT NOT NULL,
    PRIMARY KEY (unit_id, year, period)
) WITHOUT ROWID;
