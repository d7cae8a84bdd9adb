-- Regular assistance of the rural low-income population and small loans (indicator 7): the
-- civil-affairs list of low-income families (keyed by the head's ID key, matched to the
-- registry), their assistance records, the small loans, the loan wishes recorded at visits and
-- the banks' credit rating list. Every table is keyed by county first.
CREATE TABLE low_income_families (
    county_code  TEXT NOT NULL,
    family_id    TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    head         TEXT NOT NULL,
    head_id      TEXT NOT NULL,
    id_key       TEXT NOT NULL,
    size         INTEGER NOT NULL DEFAULT 0,
    category     TEXT NOT NULL,
    since        TEXT,
    ill          SMALLINT,
    ill_on       TEXT,
    household_no TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, family_id)
);
CREATE INDEX low_income_region ON low_income_families (region_code);
CREATE INDEX low_income_household ON low_income_families (county_code, household_no);

CREATE TABLE assistance_records (
    county_code TEXT NOT NULL,
    id          TEXT NOT NULL,
    family_id   TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    way         TEXT NOT NULL,
    by_whom     TEXT NOT NULL DEFAULT '',
    done        TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (county_code, id)
);
CREATE UNIQUE INDEX assistance_records_key ON assistance_records (county_code, family_id, on_date, way);

CREATE TABLE loans (
    county_code  TEXT NOT NULL,
    loan_id      TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    household_no TEXT NOT NULL DEFAULT '',
    borrower     TEXT NOT NULL,
    borrower_id  TEXT NOT NULL,
    id_key       TEXT NOT NULL,
    bank         TEXT NOT NULL DEFAULT '',
    amount       BIGINT NOT NULL,
    issued_on    TEXT NOT NULL,
    due_on       TEXT,
    use_of       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    repaid_on    TEXT,
    overdue      BIGINT NOT NULL DEFAULT 0,
    source       TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, loan_id)
);
CREATE INDEX loans_region ON loans (region_code);
CREATE INDEX loans_household ON loans (county_code, household_no);

CREATE TABLE loan_wishes (
    county_code  TEXT NOT NULL,
    household_no TEXT NOT NULL,
    on_date      TEXT NOT NULL,
    wants        SMALLINT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    by_whom      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (county_code, household_no, on_date)
);

CREATE TABLE loan_ratings (
    county_code  TEXT NOT NULL,
    household_no TEXT NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    id_number    TEXT NOT NULL DEFAULT '',
    rating       TEXT NOT NULL DEFAULT '',
    credit_limit BIGINT NOT NULL DEFAULT 0,
    rated_on     TEXT,
    PRIMARY KEY (county_code, household_no)
);
