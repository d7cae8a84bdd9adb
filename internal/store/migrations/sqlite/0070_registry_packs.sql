-- Screening packs (SQLite only; see store/registry_packs.go). A pack holds, in one blob, the
-- registry rows that screening reads of the households of a county whose 户编号 lies in
-- [lo, hi): a screening reads a county's packs instead of walking some seven rows a
-- household through the SQLite engine. The packs of a county cover its key range without gaps or
-- overlap; a missing pack is rebuilt from the tables by the next screening.
--
-- Every write to a registry table deletes the pack that holds the household (the one with
-- the greatest lo at or below its 户编号, if its hi lies above) and raises its
-- county's generation, in the writing transaction itself (the triggers below): no write path,
-- present or future, can leave a pack that disagrees with the tables. A screening reads the
-- generation before it reads the tables and stores a pack it built only if the generation is
-- unchanged when it stores it. The triggers cost one index probe a row in a county that has
-- no packs.
CREATE TABLE registry_pack_counties (
    county_code TEXT PRIMARY KEY,
    gen         INTEGER NOT NULL
);
CREATE TABLE registry_packs (
    county_code TEXT NOT NULL,
    lo          TEXT NOT NULL,
    hi          TEXT NOT NULL,
    format      TEXT NOT NULL,
    households  INTEGER NOT NULL,
    -- keys before data: reading keys does not walk the pages of data.
    keys        BLOB NOT NULL,
    data        BLOB NOT NULL,
    -- A rowid table: its rows hold blobs of a megabyte, which a WITHOUT ROWID table keeps badly.
    PRIMARY KEY (county_code, lo)
);
CREATE TRIGGER households_pack_ai AFTER INSERT ON households WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = NEW.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = NEW.county_code; DELETE FROM registry_packs WHERE county_code = NEW.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = NEW.county_code AND lo <= NEW.household_no) AND hi > NEW.household_no; END;
CREATE TRIGGER households_pack_ad AFTER DELETE ON households WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = OLD.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = OLD.county_code; DELETE FROM registry_packs WHERE county_code = OLD.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = OLD.county_code AND lo <= OLD.household_no) AND hi > OLD.household_no; END;
CREATE TRIGGER households_pack_au_old AFTER UPDATE ON households WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = OLD.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = OLD.county_code; DELETE FROM registry_packs WHERE county_code = OLD.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = OLD.county_code AND lo <= OLD.household_no) AND hi > OLD.household_no; END;
CREATE TRIGGER households_pack_au_new AFTER UPDATE ON households WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = NEW.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = NEW.county_code; DELETE FROM registry_packs WHERE county_code = NEW.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = NEW.county_code AND lo <= NEW.household_no) AND hi > NEW.household_no; END;
CREATE TRIGGER persons_pack_ai AFTER INSERT ON persons WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = NEW.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = NEW.county_code; DELETE FROM registry_packs WHERE county_code = NEW.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = NEW.county_code AND lo <= NEW.household_no) AND hi > NEW.household_no; END;
CREATE TRIGGER persons_pack_ad AFTER DELETE ON persons WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = OLD.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = OLD.county_code; DELETE FROM registry_packs WHERE county_code = OLD.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = OLD.county_code AND lo <= OLD.household_no) AND hi > OLD.household_no; END;
CREATE TRIGGER persons_pack_au_old AFTER UPDATE ON persons WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = OLD.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = OLD.county_code; DELETE FROM registry_packs WHERE county_code = OLD.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = OLD.county_code AND lo <= OLD.household_no) AND hi > OLD.household_no; END;
CREATE TRIGGER persons_pack_au_new AFTER UPDATE ON persons WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = NEW.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = NEW.county_code; DELETE FROM registry_packs WHERE county_code = NEW.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = NEW.county_code AND lo <= NEW.household_no) AND hi > NEW.household_no; END;
CREATE TRIGGER incomes_pack_ai AFTER INSERT ON incomes WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = NEW.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = NEW.county_code; DELETE FROM registry_packs WHERE county_code = NEW.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = NEW.county_code AND lo <= NEW.household_no) AND hi > NEW.household_no; END;
CREATE TRIGGER incomes_pack_ad AFTER DELETE ON incomes WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = OLD.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = OLD.county_code; DELETE FROM registry_packs WHERE county_code = OLD.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = OLD.county_code AND lo <= OLD.household_no) AND hi > OLD.household_no; END;
CREATE TRIGGER incomes_pack_au_old AFTER UPDATE ON incomes WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = OLD.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = OLD.county_code; DELETE FROM registry_packs WHERE county_code = OLD.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = OLD.county_code AND lo <= OLD.household_no) AND hi > OLD.household_no; END;
CREATE TRIGGER incomes_pack_au_new AFTER UPDATE ON incomes WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = NEW.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = NEW.county_code; DELETE FROM registry_packs WHERE county_code = NEW.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = NEW.county_code AND lo <= NEW.household_no) AND hi > NEW.household_no; END;
CREATE TRIGGER measures_pack_ai AFTER INSERT ON measures WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = NEW.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = NEW.county_code; DELETE FROM registry_packs WHERE county_code = NEW.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = NEW.county_code AND lo <= NEW.household_no) AND hi > NEW.household_no; END;
CREATE TRIGGER measures_pack_ad AFTER DELETE ON measures WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = OLD.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = OLD.county_code; DELETE FROM registry_packs WHERE county_code = OLD.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = OLD.county_code AND lo <= OLD.household_no) AND hi > OLD.household_no; END;
CREATE TRIGGER measures_pack_au_old AFTER UPDATE ON measures WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = OLD.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = OLD.county_code; DELETE FROM registry_packs WHERE county_code = OLD.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = OLD.county_code AND lo <= OLD.household_no) AND hi > OLD.household_no; END;
CREATE TRIGGER measures_pack_au_new AFTER UPDATE ON measures WHEN EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = NEW.county_code) BEGIN UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = NEW.county_code; DELETE FROM registry_packs WHERE county_code = NEW.county_code AND lo = (SELECT max(lo) FROM registry_packs WHERE county_code = NEW.county_code AND lo <= NEW.household_no) AND hi > NEW.household_no; END;
