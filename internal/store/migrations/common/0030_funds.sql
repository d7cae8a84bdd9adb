-- Projects, funds, assets and PV stations (internal/funds; indicators 5 and 8 and the fund
-- performance evaluation). Every table is keyed by the county first. Amounts are in fen (分);
-- dates 'YYYY-MM-DD', months 'YYYY-MM', timestamps UTC 'YYYY-MM-DDTHH:MM:SSZ'. region_code is
-- where an object is: a village, a township or the county itself.

-- The project library (项目库): amounts by fund source (central, provincial, municipal and
-- county transition funds, other money), planned and approved, and the dates of its steps.
CREATE TABLE fund_projects (
    county_code   TEXT NOT NULL,
    project_no    TEXT NOT NULL,
    region_code   TEXT NOT NULL,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    subtype       TEXT NOT NULL DEFAULT '',
    scope         TEXT NOT NULL DEFAULT '',
    year          INTEGER NOT NULL,
    unit          TEXT NOT NULL DEFAULT '',
    content       TEXT NOT NULL DEFAULT '',
    mechanism     TEXT NOT NULL DEFAULT '',
    households    INTEGER NOT NULL DEFAULT 0,
    plan_central  BIGINT NOT NULL DEFAULT 0,
    plan_province BIGINT NOT NULL DEFAULT 0,
    plan_city     BIGINT NOT NULL DEFAULT 0,
    plan_county   BIGINT NOT NULL DEFAULT 0,
    plan_other    BIGINT NOT NULL DEFAULT 0,
    appr_central  BIGINT NOT NULL DEFAULT 0,
    appr_province BIGINT NOT NULL DEFAULT 0,
    appr_city     BIGINT NOT NULL DEFAULT 0,
    appr_county   BIGINT NOT NULL DEFAULT 0,
    appr_other    BIGINT NOT NULL DEFAULT 0,
    listed_on     TEXT,
    approved_on   TEXT,
    plan_start    TEXT,
    plan_finish   TEXT,
    started_on    TEXT,
    finished_on   TEXT,
    accepted_on   TEXT,
    settled_on    TEXT,
    paid_on       TEXT,
    stopped       INTEGER NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT '',
    updated_by    TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (county_code, project_no)
);
CREATE INDEX fund_projects_region ON fund_projects (county_code, region_code);

-- The registry households a project benefits, and how it links with them (带动方式).
CREATE TABLE fund_beneficiaries (
    county_code  TEXT NOT NULL,
    project_no   TEXT NOT NULL,
    household_no TEXT NOT NULL,
    mechanism    TEXT NOT NULL DEFAULT '',
    amount       BIGINT NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (county_code, project_no, household_no)
);
CREATE INDEX fund_beneficiaries_household ON fund_beneficiaries (county_code, household_no);

-- The county's fund flow (资金拨付明细): money of a 资金年度 allocated to the county (下达) or
-- paid out of it (支出), line by line; source is the index of funds.Sources.
CREATE TABLE fund_flows (
    county_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    on_date     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    source      INTEGER NOT NULL,
    project_no  TEXT NOT NULL DEFAULT '',
    amount      BIGINT NOT NULL,
    doc_no      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (county_code, year, seq)
);

-- Project assets (资产台账). registered is 1, 0 or NULL (not stated).
CREATE TABLE fund_assets (
    county_code TEXT NOT NULL,
    asset_no    TEXT NOT NULL,
    region_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    project_no  TEXT NOT NULL DEFAULT '',
    class       TEXT NOT NULL,
    type        TEXT NOT NULL DEFAULT '',
    owner       TEXT NOT NULL DEFAULT '',
    custodian   TEXT NOT NULL DEFAULT '',
    keeper      TEXT NOT NULL DEFAULT '',
    registered  INTEGER,
    reg_date    TEXT,
    value       BIGINT NOT NULL DEFAULT 0,
    formed_on   TEXT,
    status      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (county_code, asset_no)
);
CREATE INDEX fund_assets_region ON fund_assets (county_code, region_code);

-- PV stations (光伏电站台账).
CREATE TABLE fund_stations (
    county_code  TEXT NOT NULL,
    station_no   TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    name         TEXT NOT NULL,
    project_no   TEXT NOT NULL DEFAULT '',
    type         TEXT NOT NULL DEFAULT '',
    capacity_kw  DOUBLE PRECISION NOT NULL,
    expected_kwh DOUBLE PRECISION NOT NULL DEFAULT 0,
    connected_on TEXT,
    owner        TEXT NOT NULL DEFAULT '',
    operator     TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    updated_by   TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, station_no)
);
CREATE INDEX fund_stations_region ON fund_stations (county_code, region_code);

-- Income received by an asset (收益分配台账's 收益 lines); object_no is the asset's number.
CREATE TABLE fund_incomes (
    county_code TEXT NOT NULL,
    object_no   TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    period      TEXT,
    received_on TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (county_code, object_no, seq)
);

-- Income distributed (收益分配台账's 分配 lines) by an asset or a station (object_no).
CREATE TABLE fund_distributions (
    county_code  TEXT NOT NULL,
    object_no    TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    on_date      TEXT NOT NULL,
    use_kind     TEXT NOT NULL,
    household_no TEXT NOT NULL DEFAULT '',
    payee        TEXT NOT NULL DEFAULT '',
    amount       BIGINT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (county_code, object_no, seq)
);

-- A station's yield and income by month (光伏收益台账).
CREATE TABLE fund_pv_months (
    county_code TEXT NOT NULL,
    station_no  TEXT NOT NULL,
    month       TEXT NOT NULL,
    kwh         DOUBLE PRECISION NOT NULL,
    income      BIGINT NOT NULL DEFAULT 0,
    received_on TEXT,
    PRIMARY KEY (county_code, station_no, month)
);

-- A station's maintenance log (光伏电站运维台账).
CREATE TABLE fund_pv_ops (
    county_code TEXT NOT NULL,
    station_no  TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    on_date     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    content     TEXT NOT NULL DEFAULT '',
    by_whom     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (county_code, station_no, seq)
);

-- The province's average expenditure rate at the end of a month, entered by users, to compare
-- its counties with. A province's figure: keyed by the province's code, like
-- province_averages.
CREATE TABLE fund_province_averages (
    province_code TEXT NOT NULL,
    year          INTEGER NOT NULL,
    month         INTEGER NOT NULL,
    rate          DOUBLE PRECISION NOT NULL,
    updated_by    TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (province_code, year, month)
);

-- The imports of the ledgers, with the error report of a refused file.
CREATE TABLE fund_imports (
    county_code TEXT NOT NULL,
    import_id   TEXT NOT NULL,
    ledger      TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    username    TEXT NOT NULL,
    at          TEXT NOT NULL,
    rows_read   INTEGER NOT NULL DEFAULT 0,
    problems    INTEGER NOT NULL DEFAULT 0,
    summary     TEXT NOT NULL DEFAULT '',
    report      BYTEA,
    PRIMARY KEY (county_code, import_id)
);
