-- Employment assistance (indicator 6): public-welfare posts with their holders (matched across
-- departments by the first 18 characters of the ID number, id_key) and pay records; employment
-- workshops and their workers; the employment figures of target labour by region and year;
-- the people who want work. Every table is keyed by county first.
CREATE TABLE posts (
    county_code  TEXT NOT NULL,
    post_id      TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    type         TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    department   TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    pay          BIGINT NOT NULL DEFAULT 0,
    funding      TEXT NOT NULL DEFAULT '',
    start_on     TEXT,
    end_on       TEXT,
    holder       TEXT NOT NULL,
    holder_id    TEXT NOT NULL,
    id_key       TEXT NOT NULL,
    phone        TEXT NOT NULL DEFAULT '',
    site_id      TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, post_id)
);
CREATE INDEX posts_key ON posts (id_key);
CREATE INDEX posts_region ON posts (region_code);

CREATE TABLE post_pays (
    county_code TEXT NOT NULL,
    post_id     TEXT NOT NULL,
    month       TEXT NOT NULL,
    worked      SMALLINT,
    due         BIGINT NOT NULL DEFAULT 0,
    paid        BIGINT NOT NULL DEFAULT 0,
    paid_on     TEXT,
    PRIMARY KEY (county_code, post_id, month)
);

CREATE TABLE workshops (
    county_code TEXT NOT NULL,
    workshop_id TEXT NOT NULL,
    region_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    owner       TEXT NOT NULL DEFAULT '',
    industry    TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    recognized  TEXT,
    hired       INTEGER NOT NULL DEFAULT 0,
    subsidy     BIGINT NOT NULL DEFAULT 0,
    source      TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (county_code, workshop_id)
);
CREATE INDEX workshops_region ON workshops (region_code);

CREATE TABLE workshop_workers (
    county_code TEXT NOT NULL,
    workshop_id TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    id_number   TEXT NOT NULL,
    id_key      TEXT NOT NULL,
    start_on    TEXT,
    end_on      TEXT,
    months      INTEGER NOT NULL DEFAULT 0,
    wage        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (county_code, workshop_id, seq)
);
CREATE INDEX workshop_workers_key ON workshop_workers (id_key);

-- Target labour and how many of it work, by village (or township) and year.
CREATE TABLE employment_figures (
    county_code TEXT NOT NULL,
    region_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    labour      INTEGER NOT NULL,
    employed    INTEGER NOT NULL,
    source      TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (county_code, region_code, year)
);

CREATE TABLE work_needs (
    county_code TEXT NOT NULL,
    need_id     TEXT NOT NULL,
    region_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    id_number   TEXT NOT NULL,
    id_key      TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    registered  TEXT NOT NULL,
    wish        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    closed_on   TEXT,
    note        TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (county_code, need_id)
);
CREATE INDEX work_needs_region ON work_needs (region_code, status);
