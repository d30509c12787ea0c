-- Schema version 6: a nämnd's year can exist before its first figure.
--
-- A year used to exist only through its drift figures, so the year after the last could
-- not be opened until a budget was typed into it. `ksui new-year` records the year here
-- (audited like any write, so undo takes it back); the years a nämnd has are the years of
-- its figures together with these.

CREATE TABLE committee_year (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    PRIMARY KEY (committee_id, year)
) WITHOUT ROWID;
