-- Schema version 16: shares followed up under an inriktning or åtgärd (issue 14).
--
-- The årsrapport follows up an övrig inriktning with a small table of shares: "Andel
-- ekologiska livsmedel 1 jan-31 dec 2017 … Totalt 58 % (61 %), Kolonial 64 % (67 %) …",
-- the bokslut's share with the delår's in parentheses. Each row is one line's share at
-- one follow-up, in tenths of a percent (580 = 58,0 %), so that a share is exact and
-- never a float. The row belongs to its inriktning (goal_item): removing the inriktning
-- removes its shares, undo brings them back, and the lock guard and ksui consolidate find
-- the nämnd through it. ``position`` keeps the order the report lists the lines in.

CREATE TABLE goal_share (
    item_id     INTEGER NOT NULL REFERENCES goal_item(id) ON DELETE CASCADE,
    label       TEXT NOT NULL CHECK (length(trim(label)) > 0),
    year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    period      TEXT NOT NULL,
    tenths      INTEGER NOT NULL CHECK (tenths BETWEEN 0 AND 1000),
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (item_id, label, year, period)
) WITHOUT ROWID;
