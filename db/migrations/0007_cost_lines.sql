-- Schema version 7: a unit's figures per kostnadsslag and account (issue 13, item 8).
--
-- A deviation is explained by its kinds of cost: personal, lokaler, köpt verksamhet …
-- The SIE import keeps each unit's budget and actuals per account, with the
-- resultaträkning line (kostnadsslag) the account maps to, so a drill-down can go from
-- the unit's avvikelse to its lines and from a line to its accounts. The measures and
-- periods are drift_figure's: ``actual`` is the year to date through the month (mMM) and
-- the year's at bokslut, ``budget_ytd`` the periodiserad budget to date, ``budget`` the
-- year's budget stated at m01. Per unit, year, period and measure the rows add up to the
-- unit's drift figure the same import wrote. ``line`` is the key of a resultaträkning
-- line (ksui.core.statements.RESULT_LINES), mapped from the account by
-- [import.sie.accounts] when the file was imported.

CREATE TABLE cost_figure (
    unit_id     INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    period      TEXT NOT NULL,
    account     TEXT NOT NULL,
    measure     TEXT NOT NULL CHECK (measure IN ('budget', 'budget_ytd', 'actual')),
    line        TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year, period, account, measure)
) WITHOUT ROWID;
