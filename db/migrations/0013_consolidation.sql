-- Schema version 13: where each nämnd of a kommun file came from (issue 16, item 1).
--
-- `ksui consolidate KOMMUN.sqlite NAMND.sqlite …` brings each nämnd's file into the
-- kommun's. One row per consolidated nämnd keeps the source file, the source's last
-- change set when it was read, when, and the kommun file's change set that wrote it: a
-- change set after that one touching the nämnd's rows is an edit made in the kommun file,
-- which the next consolidation reports and leaves alone unless --force. The row belongs to
-- the nämnd (removing the nämnd removes it, undo brings it back) and is written through the
-- audit trail like any other row, so undoing a consolidation takes it back too.

CREATE TABLE consolidation (
    committee_id     INTEGER PRIMARY KEY REFERENCES unit(id) ON DELETE CASCADE,
    source_path      TEXT NOT NULL CHECK (length(trim(source_path)) > 0),
    source_changeset INTEGER,
    consolidated_at  TEXT NOT NULL,
    changeset_id     INTEGER NOT NULL
);
