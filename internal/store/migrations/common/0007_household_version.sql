-- A household's row version: 1 when first stored, one more with every write of the household
-- or of anything that belongs to it. An edit form carries the version it was opened on, and a
-- save checks and raises it in the same statement, inside the save's transaction, so that two
-- saves started from the same version cannot both succeed.
ALTER TABLE households ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
