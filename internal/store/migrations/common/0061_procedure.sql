-- The monitoring procedure (监测对象识别和风险消除程序): one row per procedure of a household
-- (identification or risk elimination) and one per step recorded, in order. Every table is
-- keyed by county first. Dates are 'YYYY-MM-DD'; times UTC 'YYYY-MM-DDTHH:MM:SS.ffffffZ'.
CREATE TABLE procedures (
    county_code  TEXT NOT NULL,
    procedure_id TEXT NOT NULL,
    household_no TEXT NOT NULL,
    village_code TEXT NOT NULL,
    kind         TEXT NOT NULL,              -- identify or eliminate
    state        TEXT NOT NULL,              -- open, done or closed
    category     TEXT NOT NULL,
    way          TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL,
    lead_on      TEXT NOT NULL,
    lead_note    TEXT NOT NULL DEFAULT '',
    stable_since TEXT,
    steps        INTEGER NOT NULL DEFAULT 0, -- the steps recorded
    closed_on    TEXT,
    close_reason TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, procedure_id)
);
CREATE INDEX procedures_village ON procedures (village_code, lead_on);
CREATE INDEX procedures_household ON procedures (county_code, household_no);
-- A household has at most one open procedure of a kind.
CREATE UNIQUE INDEX procedures_open ON procedures (county_code, household_no, kind) WHERE state = 'open';

CREATE TABLE procedure_steps (
    county_code  TEXT NOT NULL,
    procedure_id TEXT NOT NULL,
    step         INTEGER NOT NULL,           -- 0 入户核实 … 5 录入全国系统
    done_on      TEXT NOT NULL,
    until_on     TEXT,                       -- the notice's last day
    by_whom      TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (county_code, procedure_id, step)
);
