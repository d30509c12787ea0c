-- Schema version 12: the report's own text sections beside the tjänsteskrivelse (issue 14).
--
-- The årsrapport has texts that belong to no row: 1.1.3 Årets effektiviseringar, 1.1.4
-- Särskilda uppföljningar, the note under the balansräkning (whose part of the nämnd it
-- covers), the motivation of the GEH-bedömning, the personal section's text and the
-- intern kontroll's riskbedömning. They are report texts like the tjänsteskrivelse's, per
-- nämnd, year and follow-up, so report_text takes them; SQLite cannot widen a CHECK in
-- place, so the table is rebuilt with its rows (the audit names rows by key, which stays).
-- Dropping the old table drops the search triggers on it (schema 10): they are made again
-- below as they were; the search index itself is untouched, since no text changes.

CREATE TABLE report_text_new (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    period      TEXT NOT NULL,
    field       TEXT NOT NULL
                CHECK (field IN ('reference', 'matter', 'summary', 'proposal', 'basis',
                                 'efficiency', 'special_followup', 'balance_note',
                                 'geh_motivation', 'personnel', 'risk')),
    text        TEXT NOT NULL CHECK (text <> ''),
    PRIMARY KEY (committee_id, year, period, field)
) WITHOUT ROWID;

INSERT INTO report_text_new (committee_id, year, period, field, text)
    SELECT committee_id, year, period, field, text FROM report_text;
DROP TABLE report_text;
ALTER TABLE report_text_new RENAME TO report_text;

CREATE TRIGGER search_report_text_ai AFTER INSERT ON report_text
    WHEN trim(new.text) <> '' BEGIN
    INSERT INTO search_doc (source, owner, owner_id, field, year, period, text)
        VALUES ('report_text', 'unit', new.committee_id, new.field, new.year, new.period,
                new.text);
END;
CREATE TRIGGER search_report_text_ad AFTER DELETE ON report_text BEGIN
    DELETE FROM search_doc WHERE source = 'report_text' AND owner = 'unit'
        AND owner_id = old.committee_id AND field = old.field AND year = old.year
        AND period = old.period;
END;
CREATE TRIGGER search_report_text_au AFTER UPDATE ON report_text BEGIN
    DELETE FROM search_doc WHERE source = 'report_text' AND owner = 'unit'
        AND owner_id = old.committee_id AND field = old.field AND year = old.year
        AND period = old.period;
    INSERT INTO search_doc (source, owner, owner_id, field, year, period, text)
        SELECT 'report_text', 'unit', new.committee_id, new.field, new.year, new.period,
               new.text
        WHERE trim(new.text) <> '';
END;
