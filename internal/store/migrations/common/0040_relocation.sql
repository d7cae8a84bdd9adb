-- The follow-up of poverty relocation (indicator 3): resettlement sites, their facilities, the
-- registry households they hold, and the follow-up support given to each household. Every
-- table is keyed by county first. Dates are 'YYYY-MM-DD', money in fen.
CREATE TABLE relocation_sites (
    county_code TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    region_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    way         TEXT NOT NULL DEFAULT '',
    households  INTEGER NOT NULL DEFAULT 0,
    people      INTEGER NOT NULL DEFAULT 0,
    built_on    TEXT,
    manager     TEXT NOT NULL DEFAULT '',
    services    TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (county_code, site_id)
);
CREATE INDEX relocation_sites_region ON relocation_sites (region_code);

CREATE TABLE relocation_facilities (
    county_code TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT '',
    custodian   TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    funding     BIGINT NOT NULL DEFAULT 0,
    fund_source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (county_code, site_id, seq)
);

-- A relocated household of the registry and its site.
CREATE TABLE relocation_residents (
    county_code  TEXT NOT NULL,
    household_no TEXT NOT NULL,
    site_id      TEXT NOT NULL,
    people       INTEGER NOT NULL DEFAULT 0,
    moved_in     TEXT,
    PRIMARY KEY (county_code, household_no)
);
CREATE INDEX relocation_residents_site ON relocation_residents (county_code, site_id);

CREATE TABLE relocation_followups (
    county_code  TEXT NOT NULL,
    id           TEXT NOT NULL,
    household_no TEXT NOT NULL,
    on_date      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    content      TEXT NOT NULL,
    by_whom      TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (county_code, id)
);
CREATE UNIQUE INDEX relocation_followups_key ON relocation_followups (county_code, household_no, on_date, kind);

-- The imports of the lists of indicators 3, 6 and 7 (relocation, employment, assistance), with
-- the error report of a refused file.
CREATE TABLE list_imports (
    county_code TEXT NOT NULL,
    import_id   TEXT NOT NULL,
    domain      TEXT NOT NULL,
    list_key    TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    username    TEXT NOT NULL,
    at          TEXT NOT NULL,
    rows_read   INTEGER NOT NULL DEFAULT 0,
    problems    INTEGER NOT NULL DEFAULT 0,
    summary     TEXT NOT NULL DEFAULT '',
    report      BYTEA,
    PRIMARY KEY (county_code, import_id)
);
CREATE INDEX list_imports_domain ON list_imports (domain, county_code, at);
