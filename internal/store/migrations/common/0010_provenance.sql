-- Provenance of registry fields (internal/registry/fields.go): the set of a record's fields
-- that no source has provided, as a bit set. 0, what every row stored before holds, means every
-- field is collected.
ALTER TABLE households ADD COLUMN uncollected BIGINT NOT NULL DEFAULT 0;
ALTER TABLE persons ADD COLUMN uncollected BIGINT NOT NULL DEFAULT 0;
ALTER TABLE incomes ADD COLUMN uncollected BIGINT NOT NULL DEFAULT 0;

-- Rules a screening run could not judge for want of uncollected fields: per village and rule,
-- how many households, and which fields were missing (labels joined by 、). A full run of a
-- county replaces its rows.
CREATE TABLE rule_gaps (
    county_code  TEXT NOT NULL,
    village_code TEXT NOT NULL,
    rule_id      TEXT NOT NULL,
    households   INTEGER NOT NULL,
    fields       TEXT NOT NULL,
    PRIMARY KEY (county_code, village_code, rule_id)
);
