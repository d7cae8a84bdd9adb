-- The work plan (工作计划和任务清单): the year's tasks of a county with who answers for them,
-- the deadline, the status and the evidence of completion, and the indicators each serves
-- (comma-separated, e.g. '1,4'); and the upper-level policies the county keeps with the
-- dates its city and itself issued their implementation plans. Keyed by county first. Dates
-- are 'YYYY-MM-DD', timestamps UTC 'YYYY-MM-DDTHH:MM:SSZ'.
CREATE TABLE plan_tasks (
    county_code TEXT NOT NULL,
    id          TEXT NOT NULL,
    region_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    title       TEXT NOT NULL,
    unit        TEXT NOT NULL,
    person      TEXT NOT NULL DEFAULT '',
    deadline    TEXT NOT NULL,
    status      TEXT NOT NULL,
    done_on     TEXT,
    evidence    TEXT NOT NULL DEFAULT '',
    indicators  TEXT NOT NULL DEFAULT '',
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (county_code, id)
);
CREATE INDEX plan_tasks_region ON plan_tasks (region_code, year);

CREATE TABLE plan_policies (
    county_code       TEXT NOT NULL,
    id                TEXT NOT NULL,
    title             TEXT NOT NULL,
    doc_no            TEXT NOT NULL DEFAULT '',
    level             TEXT NOT NULL,
    issued_on         TEXT NOT NULL,
    city_plan_on      TEXT,
    city_plan_title   TEXT NOT NULL DEFAULT '',
    county_plan_on    TEXT,
    county_plan_title TEXT NOT NULL DEFAULT '',
    updated_by        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    PRIMARY KEY (county_code, id)
);
CREATE INDEX plan_policies_issued ON plan_policies (county_code, issued_on);
