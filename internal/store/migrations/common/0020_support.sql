-- The people who carry responsibility to every household (internal/support): cadres, their
-- pairings with households, visits, resident work teams with members, attendance, leave and
-- spot checks, and grids with households and members. Every table is keyed by county first,
-- like the registry. Dates are 'YYYY-MM-DD', months 'YYYY-MM', timestamps UTC
-- 'YYYY-MM-DDTHH:MM:SS.ffffffZ', yes/no 1/0/NULL. source says where a row came from: an
-- import's file, a user's edit, the demo.

-- Cadres: 帮扶责任人, work-team members and grid members. region_code is where the cadre
-- serves (a village, a township or the county), for scoping.
CREATE TABLE cadres (
    county_code TEXT NOT NULL,
    cadre_id    TEXT NOT NULL,
    region_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    unit        TEXT NOT NULL DEFAULT '',
    post        TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    level       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT '在岗',
    status_on   TEXT,
    username    TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (county_code, cadre_id)
) /*without rowid*/;
CREATE INDEX cadres_region ON cadres (region_code);
CREATE INDEX cadres_name ON cadres (county_code, name);
CREATE INDEX cadres_username ON cadres (username);

-- Pairings (帮扶关系): ended ones stay as history.
CREATE TABLE pairings (
    county_code  TEXT NOT NULL,
    household_no TEXT NOT NULL,
    pairing_id   TEXT NOT NULL,
    village_code TEXT NOT NULL,
    cadre_id     TEXT NOT NULL,
    start_on     TEXT,
    end_on       TEXT,
    end_reason   TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, household_no, pairing_id)
) /*without rowid*/;
CREATE UNIQUE INDEX pairings_id ON pairings (county_code, pairing_id);
CREATE INDEX pairings_cadre ON pairings (county_code, cadre_id);
CREATE INDEX pairings_village ON pairings (village_code);

-- Visits (走访记录), clustered by household: screening reads a county's visits household by
-- household. client_key is the recording device's idempotency key: a visit sent twice is
-- stored once.
CREATE TABLE visits (
    county_code   TEXT NOT NULL,
    household_no  TEXT NOT NULL,
    visit_id      TEXT NOT NULL,
    village_code  TEXT NOT NULL,
    cadre_id      TEXT NOT NULL,
    visited_on    TEXT NOT NULL,
    way           TEXT NOT NULL,
    needs_met     SMALLINT,
    needs_note    TEXT NOT NULL DEFAULT '',
    measures_done SMALLINT,
    hardship      SMALLINT,
    hardship_note TEXT NOT NULL DEFAULT '',
    help_given    TEXT NOT NULL DEFAULT '',
    policy_told   SMALLINT,
    knows_cadre   SMALLINT,
    knows_team    SMALLINT,
    notes         TEXT NOT NULL DEFAULT '',
    client_key    TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    PRIMARY KEY (county_code, household_no, visit_id)
) /*without rowid*/;
CREATE UNIQUE INDEX visits_id ON visits (county_code, visit_id);
CREATE UNIQUE INDEX visits_key ON visits (county_code, client_key) WHERE client_key <> '';
CREATE INDEX visits_cadre ON visits (county_code, cadre_id, visited_on);
CREATE INDEX visits_village ON visits (village_code, visited_on);

-- A visit's photo, at most one, kept in the database so that backups carry it.
CREATE TABLE visit_photos (
    county_code  TEXT NOT NULL,
    visit_id     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data         BYTEA NOT NULL,
    PRIMARY KEY (county_code, visit_id)
);

-- Resident work teams (驻村工作队) and their members.
CREATE TABLE work_teams (
    county_code  TEXT NOT NULL,
    team_id      TEXT NOT NULL,
    village_code TEXT NOT NULL,
    name         TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    start_on     TEXT,
    end_on       TEXT,
    source       TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, team_id)
);
CREATE INDEX work_teams_village ON work_teams (village_code);

CREATE TABLE team_members (
    county_code  TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    team_id      TEXT NOT NULL,
    village_code TEXT NOT NULL,
    cadre_id     TEXT NOT NULL,
    role         TEXT NOT NULL,
    start_on     TEXT,
    end_on       TEXT,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, member_id)
);
CREATE INDEX team_members_team ON team_members (county_code, team_id);
CREATE INDEX team_members_cadre ON team_members (county_code, cadre_id);

-- Days in the village per member and month (考勤).
CREATE TABLE team_attendance (
    county_code TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    month       TEXT NOT NULL,
    days        INTEGER NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (county_code, member_id, month)
);

-- Leave (请销假).
CREATE TABLE team_leaves (
    county_code    TEXT NOT NULL,
    leave_id       TEXT NOT NULL,
    member_id      TEXT NOT NULL,
    village_code   TEXT NOT NULL,
    from_on        TEXT NOT NULL,
    to_on          TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL,
    approver       TEXT NOT NULL DEFAULT '',
    approver_level TEXT NOT NULL DEFAULT '',
    approved_on    TEXT,
    returned_on    TEXT,
    source         TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (county_code, leave_id)
);
CREATE INDEX team_leaves_member ON team_leaves (county_code, member_id, from_on);

-- Random spot checks (随机暗访): planned, then recorded with who was found in the village.
CREATE TABLE spot_checks (
    county_code  TEXT NOT NULL,
    check_id     TEXT NOT NULL,
    team_id      TEXT NOT NULL,
    village_code TEXT NOT NULL,
    planned_on   TEXT,
    checked_on   TEXT,
    checker      TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, check_id)
);
CREATE INDEX spot_checks_team ON spot_checks (county_code, team_id);

CREATE TABLE spot_check_results (
    county_code TEXT NOT NULL,
    check_id    TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    present     SMALLINT NOT NULL,
    PRIMARY KEY (county_code, check_id, member_id)
);
CREATE INDEX spot_check_results_member ON spot_check_results (county_code, member_id);

-- Grids (网格) with their households (one grid per household) and members.
CREATE TABLE grids (
    county_code  TEXT NOT NULL,
    grid_id      TEXT NOT NULL,
    village_code TEXT NOT NULL,
    name         TEXT NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, grid_id)
);
CREATE INDEX grids_village ON grids (village_code);

CREATE TABLE grid_households (
    county_code  TEXT NOT NULL,
    household_no TEXT NOT NULL,
    grid_id      TEXT NOT NULL,
    PRIMARY KEY (county_code, household_no)
);
CREATE INDEX grid_households_grid ON grid_households (county_code, grid_id);

CREATE TABLE grid_members (
    county_code  TEXT NOT NULL,
    grid_id      TEXT NOT NULL,
    cadre_id     TEXT NOT NULL,
    role         TEXT NOT NULL,
    confirmed_on TEXT,
    PRIMARY KEY (county_code, grid_id, cadre_id)
);
CREATE INDEX grid_members_cadre ON grid_members (county_code, cadre_id);

-- The imports of the county ledgers, with the error report of a refused file.
CREATE TABLE support_imports (
    county_code TEXT NOT NULL,
    import_id   TEXT NOT NULL,
    region_code TEXT NOT NULL,
    kind        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    username    TEXT NOT NULL,
    at          TEXT NOT NULL,
    rows_read   INTEGER NOT NULL DEFAULT 0,
    written     INTEGER NOT NULL DEFAULT 0,
    problems    INTEGER NOT NULL DEFAULT 0,
    summary     TEXT NOT NULL DEFAULT '',
    report      BYTEA,
    PRIMARY KEY (county_code, import_id)
);
CREATE INDEX support_imports_region ON support_imports (region_code, at);
