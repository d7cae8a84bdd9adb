-- Screening an import owes: written in the import's own transaction with the 户编号 of the
-- households it added or changed, deleted once they have been re-screened. A process killed
-- after the commit and before the end of its re-screen leaves the row behind, and the next
-- gonggu serve, gonggu screen or import finishes the work. Times as in imports.
CREATE TABLE pending_screens (
    import_id     TEXT PRIMARY KEY,
    created_at    TEXT NOT NULL,
    household_nos TEXT NOT NULL
);
