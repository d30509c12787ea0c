-- Schema version 9: the tjänsteskrivelse's texts, per nämnd, year and follow-up (issue 14).
--
-- What reaches the nämnd is a tjänsteskrivelse with the report attached: diarienummer,
-- ärendet, sammanfattning, förslag till beslut (one point per line) and beslutsunderlag.
-- Each field is its own row, so the audit trail records each text that changed and an
-- unchanged text is never rewritten; an emptied text is a removed row. The row belongs to
-- its nämnd (committee_id), so removing the nämnd removes its texts and undo brings them
-- back with it. ``field`` is the English key (ksui.store.texts.FIELDS names it in Swedish).

CREATE TABLE report_text (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    period      TEXT NOT NULL,
    field       TEXT NOT NULL
                CHECK (field IN ('reference', 'matter', 'summary', 'proposal', 'basis')),
    text        TEXT NOT NULL CHECK (text <> ''),
    PRIMARY KEY (committee_id, year, period, field)
) WITHOUT ROWID;
