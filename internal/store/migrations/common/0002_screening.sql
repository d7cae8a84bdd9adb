-- Screening: policy parameters, findings and screening runs, and the person indexes the
-- re-screening of one household needs for its registry-wide context.

-- Policy parameters overriding the shipped defaults (internal/policy): region_prefix is '' for
-- the whole country or a province, city or county code prefix; year 0 means every year.
CREATE TABLE params (
    region_prefix TEXT NOT NULL,
    year          INTEGER NOT NULL,
    name          TEXT NOT NULL,
    value         TEXT NOT NULL,
    updated_by    TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (region_prefix, year, name)
);

-- A finding is a rule that holds for a subject (a household by 户编号, a person by 人口编号).
-- At most one finding per (rule, subject) is active (open or waived); closed ones are kept as
-- history. id starts with the county's 6 digits, so a finding is found by id alone.
-- Timestamps are UTC 'YYYY-MM-DDTHH:MM:SSZ'.
CREATE TABLE findings (
    county_code  TEXT NOT NULL,
    id           TEXT NOT NULL,
    rule_id      TEXT NOT NULL,
    indicator    INTEGER NOT NULL,
    severity     TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    household_no TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    status       TEXT NOT NULL,
    explanation  TEXT NOT NULL,
    opened_at    TEXT NOT NULL,
    closed_at    TEXT,
    last_seen_at TEXT NOT NULL,
    waived_by    TEXT NOT NULL DEFAULT '',
    waive_reason TEXT NOT NULL DEFAULT '',
    waived_at    TEXT,
    PRIMARY KEY (county_code, id)
);
CREATE UNIQUE INDEX findings_active ON findings (county_code, rule_id, subject_id) WHERE status <> 'closed';
CREATE INDEX findings_household ON findings (household_no) WHERE status <> 'closed';
CREATE INDEX findings_subject ON findings (subject_id) WHERE status <> 'closed';
CREATE INDEX findings_region ON findings (region_code, status, rule_id);
CREATE INDEX findings_rule ON findings (rule_id, status, region_code);

-- One row per screening run, for progress and history.
CREATE TABLE screen_runs (
    id          TEXT NOT NULL PRIMARY KEY,
    scope       TEXT NOT NULL,
    year        INTEGER NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    households  INTEGER NOT NULL DEFAULT 0,
    opened      INTEGER NOT NULL DEFAULT 0,
    kept        INTEGER NOT NULL DEFAULT 0,
    closed      INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL,
    error       TEXT NOT NULL DEFAULT ''
);

-- Registry-wide context of one household: who else uses its members' phones and ID numbers.
CREATE INDEX persons_phone ON persons (phone);
CREATE INDEX persons_id18 ON persons (upper(substr(id_number, 1, 18)));
