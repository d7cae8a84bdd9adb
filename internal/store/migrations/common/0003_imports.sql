-- Imports of the national system's exports: one row per applied import, so that a bureau
-- sees when which files were imported, by whom, and what they changed. Times are UTC
-- 'YYYY-MM-DDTHH:MM:SS.ffffffZ'.
CREATE TABLE imports (
    id                   TEXT PRIMARY KEY,
    started_at           TEXT NOT NULL,
    finished_at          TEXT NOT NULL,
    username             TEXT NOT NULL DEFAULT '',
    files                TEXT NOT NULL,
    partial              SMALLINT NOT NULL DEFAULT 0,
    rows_read            INTEGER NOT NULL DEFAULT 0,
    blocking             INTEGER NOT NULL DEFAULT 0,
    defects              INTEGER NOT NULL DEFAULT 0,
    households_added     INTEGER NOT NULL DEFAULT 0,
    households_changed   INTEGER NOT NULL DEFAULT 0,
    households_unchanged INTEGER NOT NULL DEFAULT 0,
    households_skipped   INTEGER NOT NULL DEFAULT 0,
    persons_added        INTEGER NOT NULL DEFAULT 0,
    persons_changed      INTEGER NOT NULL DEFAULT 0,
    persons_unchanged    INTEGER NOT NULL DEFAULT 0,
    persons_left         INTEGER NOT NULL DEFAULT 0,
    incomes_written      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX imports_started ON imports (started_at);
