-- Schema version 10: full-text search over every text a person wrote (issue 15, item 4).
--
-- `ksui search WORDS` and the TUI's palette find a word in comments, goal titles and
-- uppföljningar, åtgärder and inriktningar, goal areas' summaries, the tjänsteskrivelse's
-- texts, change reasons and lock notes, ranked by bm25.
--
-- Why this shape. The texts live in seven tables, two of them WITHOUT ROWID (comment,
-- period_lock, report_text have composite keys), and an FTS5 external-content table can
-- only point at one table with an integer rowid. One FTS index per table (sqlite-utils'
-- enable_fts) would need rowid tables, a Python step outside the SQL migrations, and would
-- rank each table against its own statistics, so bm25 scores could not be compared. So:
--   * search_doc holds one row per searchable text (where it lives and what it is about)
--     with an integer id; triggers on the source tables keep it current, so an edit, an
--     undo and an import all show in the next search without any rebuild call;
--   * search_fts is an external-content FTS5 index over search_doc(text), kept current by
--     the three triggers the FTS5 documentation gives for external content; it stores no
--     second copy of the text, and snippet() reads it from search_doc.
-- unicode61 with remove_diacritics 0 keeps å, ä and ö distinct letters (»hår« is not
-- »har«); the prefix indexes make »budg*« as fast as a whole word.

CREATE TABLE search_doc (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,      -- the table the text lives in
    owner       TEXT NOT NULL,      -- the kind of row it is about (a comment's entity, goal …)
    owner_id    INTEGER NOT NULL,
    field       TEXT NOT NULL,      -- the column, or a comment's own field ('' or 'budget m05')
    year        INTEGER NOT NULL DEFAULT 0,
    period      TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL
);
CREATE UNIQUE INDEX search_doc_key ON search_doc(source, owner, owner_id, field, year, period);

CREATE VIRTUAL TABLE search_fts USING fts5(
    text,
    content = 'search_doc',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3 4'
);

CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
    INSERT INTO search_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
    INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN
    INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO search_fts (rowid, text) VALUES (new.id, new.text);
END;

-- comment: the controller's explanation of a unit, project, goal … (per year).
CREATE TRIGGER search_comment_ai AFTER INSERT ON comment WHEN trim(new.text) <> '' BEGIN
    INSERT INTO search_doc (source, owner, owner_id, field, year, text)
        VALUES ('comment', new.entity, new.entity_id, new.field, new.year, new.text);
END;
CREATE TRIGGER search_comment_ad AFTER DELETE ON comment BEGIN
    DELETE FROM search_doc WHERE source = 'comment' AND owner = old.entity
        AND owner_id = old.entity_id AND field = old.field AND year = old.year AND period = '';
END;
CREATE TRIGGER search_comment_au AFTER UPDATE ON comment BEGIN
    DELETE FROM search_doc WHERE source = 'comment' AND owner = old.entity
        AND owner_id = old.entity_id AND field = old.field AND year = old.year AND period = '';
    INSERT INTO search_doc (source, owner, owner_id, field, year, text)
        SELECT 'comment', new.entity, new.entity_id, new.field, new.year, new.text
        WHERE trim(new.text) <> '';
END;

-- goal: the KF-mål's title and its uppföljning.
CREATE TRIGGER search_goal_ai AFTER INSERT ON goal BEGIN
    INSERT INTO search_doc (source, owner, owner_id, field, text)
        SELECT 'goal', 'goal', new.id, 'title', new.title WHERE trim(new.title) <> ''
        UNION ALL
        SELECT 'goal', 'goal', new.id, 'followup', new.followup WHERE trim(new.followup) <> '';
END;
CREATE TRIGGER search_goal_ad AFTER DELETE ON goal BEGIN
    DELETE FROM search_doc WHERE source = 'goal' AND owner = 'goal' AND owner_id = old.id
        AND field IN ('title', 'followup') AND year = 0 AND period = '';
END;
CREATE TRIGGER search_goal_au AFTER UPDATE OF id, title, followup ON goal BEGIN
    DELETE FROM search_doc WHERE source = 'goal' AND owner = 'goal' AND owner_id = old.id
        AND field IN ('title', 'followup') AND year = 0 AND period = '';
    INSERT INTO search_doc (source, owner, owner_id, field, text)
        SELECT 'goal', 'goal', new.id, 'title', new.title WHERE trim(new.title) <> ''
        UNION ALL
        SELECT 'goal', 'goal', new.id, 'followup', new.followup WHERE trim(new.followup) <> '';
END;

-- goal_area: the area's name and its summary (sammanfattande bedömning).
CREATE TRIGGER search_goal_area_ai AFTER INSERT ON goal_area BEGIN
    INSERT INTO search_doc (source, owner, owner_id, field, text)
        SELECT 'goal_area', 'goal_area', new.id, 'name', new.name WHERE trim(new.name) <> ''
        UNION ALL
        SELECT 'goal_area', 'goal_area', new.id, 'summary', new.summary
        WHERE trim(new.summary) <> '';
END;
CREATE TRIGGER search_goal_area_ad AFTER DELETE ON goal_area BEGIN
    DELETE FROM search_doc WHERE source = 'goal_area' AND owner = 'goal_area'
        AND owner_id = old.id AND field IN ('name', 'summary') AND year = 0 AND period = '';
END;
CREATE TRIGGER search_goal_area_au AFTER UPDATE OF id, name, summary ON goal_area BEGIN
    DELETE FROM search_doc WHERE source = 'goal_area' AND owner = 'goal_area'
        AND owner_id = old.id AND field IN ('name', 'summary') AND year = 0 AND period = '';
    INSERT INTO search_doc (source, owner, owner_id, field, text)
        SELECT 'goal_area', 'goal_area', new.id, 'name', new.name WHERE trim(new.name) <> ''
        UNION ALL
        SELECT 'goal_area', 'goal_area', new.id, 'summary', new.summary
        WHERE trim(new.summary) <> '';
END;

-- goal_item: an åtgärd or inriktning and its uppföljning.
CREATE TRIGGER search_goal_item_ai AFTER INSERT ON goal_item BEGIN
    INSERT INTO search_doc (source, owner, owner_id, field, text)
        SELECT 'goal_item', 'goal_item', new.id, 'text', new.text WHERE trim(new.text) <> ''
        UNION ALL
        SELECT 'goal_item', 'goal_item', new.id, 'followup', new.followup
        WHERE trim(new.followup) <> '';
END;
CREATE TRIGGER search_goal_item_ad AFTER DELETE ON goal_item BEGIN
    DELETE FROM search_doc WHERE source = 'goal_item' AND owner = 'goal_item'
        AND owner_id = old.id AND field IN ('text', 'followup') AND year = 0 AND period = '';
END;
CREATE TRIGGER search_goal_item_au AFTER UPDATE OF id, text, followup ON goal_item BEGIN
    DELETE FROM search_doc WHERE source = 'goal_item' AND owner = 'goal_item'
        AND owner_id = old.id AND field IN ('text', 'followup') AND year = 0 AND period = '';
    INSERT INTO search_doc (source, owner, owner_id, field, text)
        SELECT 'goal_item', 'goal_item', new.id, 'text', new.text WHERE trim(new.text) <> ''
        UNION ALL
        SELECT 'goal_item', 'goal_item', new.id, 'followup', new.followup
        WHERE trim(new.followup) <> '';
END;

-- changeset: the reason a person gave for a change.
CREATE TRIGGER search_changeset_ai AFTER INSERT ON changeset
    WHEN trim(coalesce(new.reason, '')) <> '' BEGIN
    INSERT INTO search_doc (source, owner, owner_id, field, text)
        VALUES ('changeset', 'changeset', new.id, 'reason', new.reason);
END;
CREATE TRIGGER search_changeset_ad AFTER DELETE ON changeset BEGIN
    DELETE FROM search_doc WHERE source = 'changeset' AND owner = 'changeset'
        AND owner_id = old.id AND field = 'reason' AND year = 0 AND period = '';
END;
CREATE TRIGGER search_changeset_au AFTER UPDATE OF id, reason ON changeset BEGIN
    DELETE FROM search_doc WHERE source = 'changeset' AND owner = 'changeset'
        AND owner_id = old.id AND field = 'reason' AND year = 0 AND period = '';
    INSERT INTO search_doc (source, owner, owner_id, field, text)
        SELECT 'changeset', 'changeset', new.id, 'reason', new.reason
        WHERE trim(coalesce(new.reason, '')) <> '';
END;

-- period_lock: the note written when a follow-up was signed off.
CREATE TRIGGER search_period_lock_ai AFTER INSERT ON period_lock
    WHEN trim(new.note) <> '' BEGIN
    INSERT INTO search_doc (source, owner, owner_id, field, year, period, text)
        VALUES ('period_lock', 'unit', new.committee_id, 'note', new.year, new.period,
                new.note);
END;
CREATE TRIGGER search_period_lock_ad AFTER DELETE ON period_lock BEGIN
    DELETE FROM search_doc WHERE source = 'period_lock' AND owner = 'unit'
        AND owner_id = old.committee_id AND field = 'note' AND year = old.year
        AND period = old.period;
END;
CREATE TRIGGER search_period_lock_au AFTER UPDATE ON period_lock BEGIN
    DELETE FROM search_doc WHERE source = 'period_lock' AND owner = 'unit'
        AND owner_id = old.committee_id AND field = 'note' AND year = old.year
        AND period = old.period;
    INSERT INTO search_doc (source, owner, owner_id, field, year, period, text)
        SELECT 'period_lock', 'unit', new.committee_id, 'note', new.year, new.period,
               new.note
        WHERE trim(new.note) <> '';
END;

-- report_text: the tjänsteskrivelse's ärende, sammanfattning, förslag … (schema 9).
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

-- A file from an older ksui: index the texts it already holds (the triggers above fill
-- search_fts from search_doc as the rows go in).
INSERT INTO search_doc (source, owner, owner_id, field, year, text)
    SELECT 'comment', entity, entity_id, field, year, text FROM comment
    WHERE trim(text) <> '';
INSERT INTO search_doc (source, owner, owner_id, field, text)
    SELECT 'goal', 'goal', id, 'title', title FROM goal WHERE trim(title) <> ''
    UNION ALL
    SELECT 'goal', 'goal', id, 'followup', followup FROM goal WHERE trim(followup) <> ''
    UNION ALL
    SELECT 'goal_area', 'goal_area', id, 'name', name FROM goal_area WHERE trim(name) <> ''
    UNION ALL
    SELECT 'goal_area', 'goal_area', id, 'summary', summary FROM goal_area
    WHERE trim(summary) <> ''
    UNION ALL
    SELECT 'goal_item', 'goal_item', id, 'text', text FROM goal_item WHERE trim(text) <> ''
    UNION ALL
    SELECT 'goal_item', 'goal_item', id, 'followup', followup FROM goal_item
    WHERE trim(followup) <> ''
    UNION ALL
    SELECT 'changeset', 'changeset', id, 'reason', reason FROM changeset
    WHERE trim(coalesce(reason, '')) <> '';
INSERT INTO search_doc (source, owner, owner_id, field, year, period, text)
    SELECT 'period_lock', 'unit', committee_id, 'note', year, period, note FROM period_lock
    WHERE trim(note) <> ''
    UNION ALL
    SELECT 'report_text', 'unit', committee_id, field, year, period, text FROM report_text
    WHERE trim(text) <> '';
