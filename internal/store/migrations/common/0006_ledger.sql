-- The rectification ledger (整改台账): problems to fix, from screening findings or from outside
-- sources, with who answers for them, their deadline, their history and their evidence.
-- id starts with the county's 6 digits. Dates are 'YYYY-MM-DD', timestamps UTC
-- 'YYYY-MM-DDTHH:MM:SSZ'.
CREATE TABLE ledger_items (
    county_code TEXT NOT NULL,
    id          TEXT NOT NULL,
    region_code TEXT NOT NULL,
    source      TEXT NOT NULL,
    indicator   TEXT NOT NULL DEFAULT '',
    rule_id     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    unit        TEXT NOT NULL,
    person      TEXT NOT NULL,
    deadline    TEXT NOT NULL,
    measures    TEXT NOT NULL DEFAULT '',
    progress    TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    parent_id   TEXT NOT NULL DEFAULT '',
    batch_id    TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    fixed_by    TEXT NOT NULL DEFAULT '',
    fixed_at    TEXT,
    closed_by   TEXT NOT NULL DEFAULT '',
    closed_at   TEXT,
    PRIMARY KEY (county_code, id)
);
CREATE INDEX ledger_items_region ON ledger_items (region_code, status);
CREATE INDEX ledger_items_deadline ON ledger_items (county_code, status, deadline);
CREATE INDEX ledger_items_parent ON ledger_items (parent_id);

-- The findings an item was made from: it can be closed only when all of them are closed.
CREATE TABLE ledger_findings (
    county_code TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    finding_id  TEXT NOT NULL,
    PRIMARY KEY (county_code, item_id, finding_id)
);
CREATE INDEX ledger_findings_finding ON ledger_findings (finding_id);

-- Every step of an item: creation, edits, status changes, evidence; who and when.
CREATE TABLE ledger_history (
    id          TEXT NOT NULL PRIMARY KEY,
    county_code TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    username    TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX ledger_history_item ON ledger_history (county_code, item_id, seq);

-- Evidence files (整改佐证材料), kept in the database so that backups and replicas carry them.
CREATE TABLE ledger_files (
    id           TEXT NOT NULL PRIMARY KEY,
    county_code  TEXT NOT NULL,
    item_id      TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         BYTEA NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX ledger_files_item ON ledger_files (county_code, item_id);
