-- Schema version 11: the nettokostnadsbrygga, per nämnd and year (issue 14).
--
-- The årsrapport explains the year's change in net cost in parts ("ändrad
-- finansieringsmodell av internbanken 4,1 mkr, lönekostnader 4,4 mkr, …"). Each part is a
-- row with its amount in öre, positive where it raised the net cost, so that the parts
-- can be added up and checked against the change the drift table computes
-- (ksui.core.bridge). The part belongs to its nämnd, so removing the nämnd removes its
-- bridge and undo brings it back. ``position`` keeps the order the text reads them in.

CREATE TABLE net_cost_bridge (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    amount      INTEGER NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (committee_id, year, name)
) WITHOUT ROWID;
