-- Indicator 10, 群众认可度 (internal/recognition): satisfaction surveys and petitions. Every
-- table is keyed by county first, like the registry. Dates are 'YYYY-MM-DD', timestamps UTC
-- 'YYYY-MM-DDTHH:MM:SSZ', yes/no 1/0/NULL. source says where a row came from: an import's file,
-- a user's entry, the demo.

-- Satisfaction surveys (认可度调查): one household's answers in one round, clustered by
-- household (screening reads a county's surveys household by household). A household has one
-- survey per day and round: a list imported again replaces its rows. overall is the 5-point
-- scale (1 非常不满意 … 5 非常满意); complaints the categories joined by ','. client_key is
-- the phone's idempotency key: a survey sent twice is stored once.
CREATE TABLE surveys (
    county_code   TEXT NOT NULL,
    household_no  TEXT NOT NULL,
    survey_id     TEXT NOT NULL,
    village_code  TEXT NOT NULL,
    surveyed_on   TEXT NOT NULL,
    round         TEXT NOT NULL DEFAULT '',
    way           TEXT NOT NULL DEFAULT '',
    surveyor      TEXT NOT NULL DEFAULT '',
    overall       INTEGER NOT NULL,
    food          SMALLINT,
    education     SMALLINT,
    medical       SMALLINT,
    housing       SMALLINT,
    water         SMALLINT,
    knows_helper  SMALLINT,
    knows_team    SMALLINT,
    complaints    TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    followup_on   TEXT,
    followup_by   TEXT NOT NULL DEFAULT '',
    followup_note TEXT NOT NULL DEFAULT '',
    client_key    TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    PRIMARY KEY (county_code, household_no, survey_id)
) /*without rowid*/;
CREATE UNIQUE INDEX surveys_id ON surveys (county_code, survey_id);
CREATE UNIQUE INDEX surveys_round ON surveys (county_code, household_no, surveyed_on, round);
CREATE INDEX surveys_village ON surveys (village_code, surveyed_on);
CREATE UNIQUE INDEX surveys_key ON surveys (county_code, client_key) WHERE client_key <> '';

-- Petitions (信访) and media or inspection reports: received, accepted, verified on site and
-- concluded. region_code is where the matter lies (a village, a township or the county);
-- household_no the household it concerns ('' for none); ledger_item the 整改台账 item that
-- tracks it. ref is the source's number: a list imported again updates the petitions it names.
CREATE TABLE petitions (
    county_code  TEXT NOT NULL,
    petition_id  TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    ref          TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    content      TEXT NOT NULL DEFAULT '',
    topic        TEXT NOT NULL DEFAULT '',
    petitioner   TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    household_no TEXT NOT NULL DEFAULT '',
    unit         TEXT NOT NULL DEFAULT '',
    received_on  TEXT NOT NULL,
    accepted_on  TEXT,
    verified_on  TEXT,
    verified_by  TEXT NOT NULL DEFAULT '',
    verify_note  TEXT NOT NULL DEFAULT '',
    extend_days  INTEGER NOT NULL DEFAULT 0,
    concluded_on TEXT,
    conclusion   TEXT NOT NULL DEFAULT '',
    ledger_item  TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (county_code, petition_id)
);
CREATE INDEX petitions_region ON petitions (region_code, received_on);
CREATE INDEX petitions_household ON petitions (county_code, household_no);
CREATE UNIQUE INDEX petitions_ref ON petitions (county_code, ref) WHERE ref <> '';
