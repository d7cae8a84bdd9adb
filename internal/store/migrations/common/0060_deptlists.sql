-- Department lists (部门数据比对): every import of a department's list, one row per county it
-- covers (an import over a city writes one per county, sharing batch_id). Times are UTC
-- 'YYYY-MM-DDTHH:MM:SSZ'; dates 'YYYY-MM-DD'.
CREATE TABLE dept_lists (
    county_code TEXT NOT NULL,
    id          TEXT NOT NULL,
    batch_id    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    scope_code  TEXT NOT NULL,  -- the area the list was imported for, within the county
    file_name   TEXT NOT NULL,
    sheet       TEXT NOT NULL DEFAULT '',
    year        INTEGER NOT NULL,
    types       TEXT NOT NULL DEFAULT '',  -- the values of the rows' 类型 (民政: 低保、特困 …)
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    file_rows   INTEGER NOT NULL,  -- data rows of the file, all counties
    matched     INTEGER NOT NULL,  -- rows matched to registry persons of this county
    missing     INTEGER NOT NULL,  -- persons (households, villages) of the area the list should hold and does not
    unmatched   INTEGER NOT NULL,  -- rows of the file matched to nobody in the import's area
    filled      INTEGER NOT NULL,  -- records whose uncollected fields the list filled
    PRIMARY KEY (county_code, id)
);
CREATE INDEX dept_lists_kind ON dept_lists (county_code, kind, imported_at);

-- What each list says about each household it concerns: its rows about the household and its
-- people, and the people (or the household) a complete list should hold and does not, packed
-- as entries (deptlists.PackEntries). A newer snapshot of a kind replaces the rows of older
-- ones in its area; lists of events accumulate.
CREATE TABLE dept_rows (
    county_code  TEXT NOT NULL,
    household_no TEXT NOT NULL,
    list_id      TEXT NOT NULL,
    village_code TEXT NOT NULL,
    kind         TEXT NOT NULL,
    listed       INTEGER NOT NULL,  -- entries that are rows of the list
    missing      INTEGER NOT NULL,  -- entries for people the list should hold and does not
    data         TEXT NOT NULL,
    PRIMARY KEY (county_code, household_no, list_id)
) /*without rowid*/;
CREATE INDEX dept_rows_list ON dept_rows (county_code, list_id, village_code);

-- A cadre's decision on what a department says about a person (or a household: person_no
-- ''): accepted into the registry, or declined with the reason. The latest per kind counts.
CREATE TABLE dept_decisions (
    county_code  TEXT NOT NULL,
    household_no TEXT NOT NULL,
    person_no    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    list_id      TEXT NOT NULL,
    decision     TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    decided_by   TEXT NOT NULL,
    decided_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, household_no, person_no, kind)
);

-- Per village and 医保 list: the target persons the registry holds and how many of them the
-- list shows insured, so that a village's participation can be compared with last year's.
CREATE TABLE dept_village_counts (
    county_code  TEXT NOT NULL,
    list_id      TEXT NOT NULL,
    village_code TEXT NOT NULL,
    kind         TEXT NOT NULL,
    year         INTEGER NOT NULL,
    expected     INTEGER NOT NULL,
    covered      INTEGER NOT NULL,
    PRIMARY KEY (county_code, list_id, village_code)
);

-- Where registry values came from when a department list filled them or a cadre accepted a
-- department's value: per record (person, household, or a year's income) and source, the set
-- of fields it set (registry.FieldSet of table tbl).
CREATE TABLE field_sources (
    county_code  TEXT NOT NULL,
    household_no TEXT NOT NULL,
    person_no    TEXT NOT NULL,
    year         INTEGER NOT NULL,
    tbl          SMALLINT NOT NULL,
    list_id      TEXT NOT NULL,
    how          TEXT NOT NULL,  -- fill (a list filled an uncollected field) or accept
    fields       BIGINT NOT NULL,
    source       TEXT NOT NULL,  -- the list as a reader names it
    at           TEXT NOT NULL,
    username     TEXT NOT NULL,
    PRIMARY KEY (county_code, household_no, person_no, year, tbl, list_id, how)
);
