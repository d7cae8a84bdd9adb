-- The archive checklists (档案资料): for a household or a village, each listed item present,
-- as an attached file or on paper at a stated place. A missing item has no row; which items
-- are listed comes from the policy parameters in force, not from this table. Every table is
-- keyed by county first. Timestamps UTC 'YYYY-MM-DDTHH:MM:SSZ'.
CREATE TABLE archive_entries (
    county_code  TEXT NOT NULL,
    subject_kind TEXT NOT NULL, -- archive_household or archive_village
    subject_id   TEXT NOT NULL, -- 户编号 or the village code
    item         TEXT NOT NULL,
    village_code TEXT NOT NULL,
    held         TEXT NOT NULL, -- file or paper
    location     TEXT NOT NULL DEFAULT '',
    file_id      TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    updated_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, subject_kind, subject_id, item)
);
CREATE INDEX archive_entries_village ON archive_entries (village_code);

-- The attached files, kept in the database like the ledger's evidence files so that backups
-- and replicas carry them. Only the file an entry points to is kept: replacing or removing
-- an item's file deletes the old one (the audit log keeps what happened).
CREATE TABLE archive_files (
    county_code  TEXT NOT NULL,
    id           TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    item         TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         BYTEA NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL,
    PRIMARY KEY (county_code, id)
);
CREATE INDEX archive_files_subject ON archive_files (county_code, subject_kind, subject_id, item);
