-- Schema version 15: the kommun's own lines and its balanskravsutredning (issue 16, item 2).
--
-- Årets resultat is the nämnder's net cost (the drift table's total below the kommun)
-- together with what belongs to no nämnd: skatteintäkter, generella statsbidrag och
-- utjämning, finansnetto, pensionskostnader and any other line the ekonomiavdelning keeps
-- (»Finansförvaltningen«). Each line is recorded per follow-up with its budget, prognos and
-- utfall in öre, signed as it moves the result (kostnader negative), so the lines add up.
-- ``kind`` orders the lines as a resultaträkning reads them (ksui.core.kommun.LINE_KINDS).
--
-- The balanskravsutredning's adjustments are lines too (label and signed amount) of one
-- follow-up: ``justering`` (realisationsvinster, undantag, värdepapper) comes before »årets
-- resultat efter balanskravsjusteringar«, ``rur`` (resultatutjämningsreserven) after it.
--
-- Both belong to the kommun (a unit of kind kommun): removing it removes them and undo
-- brings them back. No ids of their own, so the audit trail, undo and the lock guard
-- (a period table, like drift_figure) treat them like every other figure.

CREATE TABLE kommun_line (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    period      TEXT NOT NULL,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind        TEXT NOT NULL
                CHECK (kind IN ('skatteintakter', 'statsbidrag', 'finansnetto', 'pensioner', 'ovrigt')),
    budget      INTEGER,
    forecast    INTEGER,
    actual      INTEGER,
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (committee_id, year, period, name)
) WITHOUT ROWID;

CREATE TABLE balance_adjustment (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    period      TEXT NOT NULL,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('justering', 'rur')),
    amount      INTEGER NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (committee_id, year, period, name)
) WITHOUT ROWID;
