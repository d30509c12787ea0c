-- ksui schema, version 1: the årsrapport as data.
-- Money is integer öre; rates and indicator values are exact decimal text.

CREATE TABLE unit (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES unit(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN
                ('kommun', 'namnd', 'kontor', 'politisk_ledning', 'verksamhet', 'ansvar')),
    code        TEXT,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX unit_sibling_name ON unit(coalesce(parent_id, 0), name);
CREATE INDEX unit_parent ON unit(parent_id);

-- One row per unit, year, follow-up period and measure (budget, budget_ytd, forecast, actual).
CREATE TABLE drift_figure (
    unit_id     INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    period      TEXT NOT NULL,
    measure     TEXT NOT NULL CHECK (measure IN ('budget', 'budget_ytd', 'forecast', 'actual')),
    amount      INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year, period, measure)
) WITHOUT ROWID;
CREATE INDEX drift_year_period ON drift_figure(year, period);

-- Resultaträkning and balansräkning lines of a committee.
CREATE TABLE statement_value (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    statement   TEXT NOT NULL CHECK (statement IN ('resultat', 'balans')),
    line        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    column_name TEXT NOT NULL CHECK (column_name IN ('budget', 'actual')),
    amount      INTEGER NOT NULL,
    PRIMARY KEY (committee_id, statement, line, year, column_name)
) WITHOUT ROWID;

CREATE TABLE investment_category (
    id          INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('ks_kf', 'lokaler', 'namnd', 'special')),
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (committee_id, name)
);

-- The category's frame (ram) as published, per year, to check against its projects.
CREATE TABLE investment_frame (
    category_id INTEGER NOT NULL REFERENCES investment_category(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    appropriation INTEGER,
    spent       INTEGER,
    PRIMARY KEY (category_id, year)
) WITHOUT ROWID;

CREATE TABLE investment_project (
    id          INTEGER PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES investment_category(id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    responsible TEXT,
    status      TEXT NOT NULL DEFAULT 'pagaende' CHECK (status IN ('pagaende', 'avslutat')),
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (category_id, name)
);

CREATE TABLE investment_figure (
    project_id  INTEGER NOT NULL REFERENCES investment_project(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    appropriation INTEGER,
    spent       INTEGER,
    PRIMARY KEY (project_id, year)
) WITHOUT ROWID;

CREATE TABLE goal_area (
    id          INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (committee_id, name)
);

CREATE TABLE goal (
    id          INTEGER PRIMARY KEY,
    area_id     INTEGER NOT NULL REFERENCES goal_area(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    followup    TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);

-- A lägesbedömning per goal or per area (exactly one of the two) and follow-up.
CREATE TABLE assessment (
    target      TEXT NOT NULL CHECK (target IN ('goal', 'area')),
    target_id   INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    period      TEXT NOT NULL,
    value       TEXT NOT NULL CHECK (value IN ('bra', 'ok', 'brister')),
    PRIMARY KEY (target, target_id, year, period)
) WITHOUT ROWID;

CREATE TABLE indicator (
    id          INTEGER PRIMARY KEY,
    goal_id     INTEGER NOT NULL REFERENCES goal(id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    source      TEXT NOT NULL DEFAULT '',
    unit        TEXT NOT NULL DEFAULT '',
    direction   TEXT NOT NULL DEFAULT 'none' CHECK (direction IN ('up', 'down', 'none')),
    position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE indicator_value (
    indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    series      TEXT NOT NULL DEFAULT '',
    year        INTEGER NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (indicator_id, series, year)
) WITHOUT ROWID;

-- Inriktningar and åtgärder, on a goal or (for an area's övriga uppdrag) on an area.
CREATE TABLE goal_item (
    id          INTEGER PRIMARY KEY,
    goal_id     INTEGER REFERENCES goal(id) ON DELETE CASCADE,
    area_id     INTEGER REFERENCES goal_area(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('direction', 'action')),
    text        TEXT NOT NULL,
    followup    TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    CHECK ((goal_id IS NULL) <> (area_id IS NULL))
);

CREATE TABLE sick_leave (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    measure     TEXT NOT NULL CHECK (measure IN ('total', 'short')),
    group_kind  TEXT NOT NULL CHECK (group_kind IN ('kon', 'alder', 'totalt')),
    group_name  TEXT NOT NULL,
    year        INTEGER NOT NULL,
    scope       TEXT NOT NULL CHECK (scope IN ('namnd', 'kommun')),
    rate        TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (committee_id, measure, group_name, year, scope)
) WITHOUT ROWID;

CREATE TABLE state_grant (
    id          INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    name        TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (committee_id, year, name)
);

CREATE TABLE geh_assessment (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    period      TEXT NOT NULL,
    area        TEXT NOT NULL CHECK (area IN ('ekonomi', 'kf_mal', 'personal', 'samlad')),
    value       TEXT NOT NULL CHECK (value IN ('bra', 'ok', 'brister')),
    PRIMARY KEY (committee_id, year, period, area)
) WITHOUT ROWID;

CREATE TABLE internal_control (
    id          INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    responsible TEXT NOT NULL,
    process     TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (committee_id, year, responsible, process)
);

-- The controller's explanation of any figure or row: entity + id + field + year.
CREATE TABLE comment (
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    field       TEXT NOT NULL DEFAULT '',
    year        INTEGER NOT NULL DEFAULT 0,
    text        TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, year)
) WITHOUT ROWID;

-- Figures as the published report printed them (totals, percentages), for validation only.
CREATE TABLE published_figure (
    committee_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    table_name  TEXT NOT NULL,
    row_name    TEXT NOT NULL,
    column_name TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (committee_id, year, table_name, row_name, column_name)
) WITHOUT ROWID;

-- Every write is one changeset; every changed field one audit row.
CREATE TABLE changeset (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user        TEXT NOT NULL,
    description TEXT NOT NULL,
    reason      TEXT,
    undoes      INTEGER REFERENCES changeset(id)
);

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    changeset_id INTEGER NOT NULL REFERENCES changeset(id),
    table_name  TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT
);
CREATE INDEX audit_changeset ON audit(changeset_id);
