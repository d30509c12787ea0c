-- Schema version 14: similar kommuner from Kolada (issue 16).
--
-- A Kolada import keeps every kommun of the response. Their values go to indicator_value
-- under the series »kolada:KKKK« (Kolada's four-digit kommun id) and riket (0000) under
-- »Riket«, so the nämnd's own series ('') and every read of it stay as they were, and the
-- values are audited, undone and locked per year like any indicator value.
--
-- This table holds what Kolada says about a kommun for one nämnd: its name when the file
-- gave one, and whether it is in the comparison group ([kolada] jamforelse in config.toml,
-- written at import), whose median each own value is shown against. The group is kept in
-- the file so that a report made from it later shows the same median.

CREATE TABLE kolada_municipality (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    municipality TEXT NOT NULL
                 CHECK (length(municipality) = 4 AND municipality NOT GLOB '*[^0-9]*'),
    name         TEXT NOT NULL DEFAULT '',
    in_group     INTEGER NOT NULL DEFAULT 0 CHECK (in_group IN (0, 1)),
    PRIMARY KEY (committee_id, municipality)
) WITHOUT ROWID;
