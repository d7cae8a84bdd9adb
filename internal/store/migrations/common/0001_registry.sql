-- The household registry. Every table carries its county code first in its key, so that rows
-- of one household sit together, scans by county are sequential, and the schema can be
-- distributed by county (Citus) unchanged. Registry-wide uniqueness of 户编号 and 人口编号 is
-- kept by the store, not by a unique constraint across counties.
-- Dates are 'YYYY-MM-DD' text, months 'YYYY-MM', yes/no cells 1/0/NULL, money in fen.
CREATE TABLE households (
    county_code       TEXT NOT NULL,
    household_no      TEXT NOT NULL,
    village_code      TEXT NOT NULL,
    address           TEXT NOT NULL DEFAULT '',
    kind              TEXT NOT NULL DEFAULT '',
    year_out          INTEGER NOT NULL DEFAULT 0,
    declared_size     INTEGER NOT NULL DEFAULT 0,
    category          TEXT NOT NULL DEFAULT '',
    identified_on     TEXT,
    channel           TEXT NOT NULL DEFAULT '',
    risk_types        TEXT NOT NULL DEFAULT '',
    risk_remark       TEXT NOT NULL DEFAULT '',
    risk_eliminated   SMALLINT,
    elimination_way   TEXT NOT NULL DEFAULT '',
    eliminated_on     TEXT,
    dibao             SMALLINT,
    tekun             SMALLINT,
    relocated         SMALLINT,
    relocation_site   TEXT NOT NULL DEFAULT '',
    military_family   SMALLINT,
    no_labour_support SMALLINT,
    dev_measure_done  TEXT NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    unsafe_house      SMALLINT,
    housing_grade     TEXT NOT NULL DEFAULT '',
    housing_appraised TEXT,
    water_safe        SMALLINT,
    water_issue       TEXT NOT NULL DEFAULT '',
    toilet            SMALLINT,
    electricity       SMALLINT,
    road_hardened     SMALLINT,
    house_area        DOUBLE PRECISION NOT NULL DEFAULT 0,
    grid              TEXT NOT NULL DEFAULT '',
    helper            TEXT NOT NULL DEFAULT '',
    helper_phone      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (county_code, household_no)
) /*without rowid*/;
CREATE INDEX households_no ON households (household_no);
CREATE INDEX households_village ON households (village_code);

CREATE TABLE persons (
    county_code         TEXT NOT NULL,
    household_no        TEXT NOT NULL,
    person_no           TEXT NOT NULL,
    name                TEXT NOT NULL DEFAULT '',
    id_type             TEXT NOT NULL DEFAULT '',
    id_number           TEXT NOT NULL DEFAULT '',
    gender              TEXT NOT NULL DEFAULT '',
    birth               TEXT,
    relation            TEXT NOT NULL DEFAULT '',
    ethnicity           TEXT NOT NULL DEFAULT '',
    political           TEXT NOT NULL DEFAULT '',
    education           TEXT NOT NULL DEFAULT '',
    school_status       TEXT NOT NULL DEFAULT '',
    dropout_reason      TEXT NOT NULL DEFAULT '',
    labour_skill        TEXT NOT NULL DEFAULT '',
    health              TEXT NOT NULL DEFAULT '',
    disability_category TEXT NOT NULL DEFAULT '',
    disability_grade    TEXT NOT NULL DEFAULT '',
    work_location       TEXT NOT NULL DEFAULT '',
    work_months         INTEGER,
    employer            TEXT NOT NULL DEFAULT '',
    work_channel        TEXT NOT NULL DEFAULT '',
    post_type           TEXT NOT NULL DEFAULT '',
    post_months         INTEGER,
    resident_medical    SMALLINT,
    employee_medical    SMALLINT,
    critical_illness    SMALLINT,
    resident_pension    SMALLINT,
    employee_pension    SMALLINT,
    dibao               SMALLINT,
    tekun               SMALLINT,
    phone               TEXT NOT NULL DEFAULT '',
    deceased_on         TEXT,
    left_on             TEXT,
    PRIMARY KEY (county_code, household_no, person_no)
) /*without rowid*/;
CREATE INDEX persons_no ON persons (person_no);
CREATE INDEX persons_id_number ON persons (id_number);
CREATE INDEX persons_name ON persons (name);

CREATE TABLE incomes (
    county_code      TEXT NOT NULL,
    household_no     TEXT NOT NULL,
    year             INTEGER NOT NULL,
    wages            BIGINT NOT NULL DEFAULT 0,
    post_wages       BIGINT NOT NULL DEFAULT 0,
    business         BIGINT NOT NULL DEFAULT 0,
    property         BIGINT NOT NULL DEFAULT 0,
    dividends        BIGINT NOT NULL DEFAULT 0,
    transfers        BIGINT NOT NULL DEFAULT 0,
    pension          BIGINT NOT NULL DEFAULT 0,
    family_plan      BIGINT NOT NULL DEFAULT 0,
    eco_comp         BIGINT NOT NULL DEFAULT 0,
    dibao_pay        BIGINT NOT NULL DEFAULT 0,
    tekun_pay        BIGINT NOT NULL DEFAULT 0,
    other_transfers  BIGINT NOT NULL DEFAULT 0,
    business_expense BIGINT NOT NULL DEFAULT 0,
    medical_oop      BIGINT NOT NULL DEFAULT 0,
    education_exp    BIGINT NOT NULL DEFAULT 0,
    size             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (county_code, household_no, year)
) /*without rowid*/;

CREATE TABLE measures (
    county_code  TEXT NOT NULL,
    household_no TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    type         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    start_on     TEXT,
    end_on       TEXT,
    amount       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (county_code, household_no, seq)
) /*without rowid*/;
