-- Schema version 8: an investment project's code, as the finance system names it
-- (issue 13, item 9).
--
-- A finance system books an investment on a project object (a SIE dimension such as 6
-- »Projekt«); `ksui import sie --project-dimension N` feeds each object's utfall to the
-- project with the object's code. The code is optional (a project planned but not yet
-- opened in the ledger has none) and, where set, names one project of the nämnd: the
-- import matches objects within the chosen nämnd, as it matches units by their code.
-- The nämnd-wide rule (in any case, like a unit's code) lives in ksui.store.writes, since
-- a project reaches its nämnd through its category and one index cannot span the two
-- tables; the index below is the schema's backstop within a category and the lookup.

ALTER TABLE investment_project ADD COLUMN code TEXT
    CHECK (code IS NULL OR length(trim(code)) > 0);

CREATE UNIQUE INDEX investment_project_code
    ON investment_project(category_id, lower(code)) WHERE code IS NOT NULL;
