-- Screening packs on PostgreSQL (see store/registry_packs.go and sqlite/0070): one blob per
-- range of a county's 户编号 holding the registry rows screening reads, so that a screening
-- reads a county as a few hundred blobs instead of PostgreSQL formatting some seven rows a
-- household as text.
--
-- lo and hi compare byte by byte (COLLATE "C"), as the scan compares 户编号 in Go; the last
-- pack of a county ends at U+10FFFF.
CREATE TABLE registry_pack_counties (
    county_code TEXT PRIMARY KEY,
    gen         BIGINT NOT NULL
);
CREATE TABLE registry_packs (
    county_code TEXT NOT NULL,
    lo          TEXT COLLATE "C" NOT NULL,
    hi          TEXT COLLATE "C" NOT NULL,
    format      TEXT NOT NULL,
    households  INTEGER NOT NULL,
    keys        BYTEA NOT NULL,
    data        BYTEA NOT NULL,
    PRIMARY KEY (county_code, lo)
);
-- The blobs are snappy-compressed already: PostgreSQL's own compression would only cost time.
ALTER TABLE registry_packs ALTER COLUMN keys SET STORAGE EXTERNAL, ALTER COLUMN data SET STORAGE EXTERNAL;

-- A write to a registry table raises the generation of the household's county, if it has one,
-- and deletes the pack holding the household, in the writing transaction. The generation is
-- raised once a transaction and county (the transaction holds its row from then on: a second
-- raise would only add a row version); the transaction remembers in a setting of its own
-- whether it raised it or found none. The UPDATE waits for a screening storing packs of the
-- county (which reads the generation FOR UPDATE), and the DELETE, a statement of its own with
-- a snapshot taken after that wait, sees the packs it stored.
--
-- These are row triggers: PostgreSQL collects no transition tables of a partitioned table
-- with foreign partitions (docs/scale.md), so statement triggers could not know the rows. A
-- writer of many rows (an import, the generator's bulk load) sets gonggu.packs_held for its
-- transaction, which the triggers' WHEN reads without calling the function, and does the
-- same once for all it wrote (store.ImportTx, store.DB.writeBulk).
--
-- The function keeps the schema it was created in: a write through postgres_fdw, from another
-- server, runs with search_path set to pg_catalog alone.
CREATE FUNCTION registry_packs_written() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    county text;
    hno    text;
    state  text;
    i      int;
BEGIN
    FOR i IN 1..2 LOOP
        IF i = 1 AND TG_OP IN ('UPDATE', 'DELETE') THEN
            county := OLD.county_code;
            hno := OLD.household_no;
        ELSIF i = 2 AND TG_OP IN ('INSERT', 'UPDATE') THEN
            IF TG_OP = 'UPDATE' AND NEW.county_code = OLD.county_code AND NEW.household_no = OLD.household_no THEN
                CONTINUE;
            END IF;
            county := NEW.county_code;
            hno := NEW.household_no;
        ELSE
            CONTINUE;
        END IF;
        state := coalesce(current_setting('gonggu.packs_c' || county, true), '');
        IF state = '' THEN
            UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = county;
            state := CASE WHEN FOUND THEN 'raised' ELSE 'none' END;
            PERFORM set_config('gonggu.packs_c' || county, state, true);
        END IF;
        IF state = 'raised' THEN
            DELETE FROM registry_packs p WHERE p.county_code = county
                AND p.lo = (SELECT max(q.lo) FROM registry_packs q WHERE q.county_code = county AND q.lo <= hno COLLATE "C")
                AND p.hi > hno COLLATE "C";
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER households_pack AFTER INSERT OR UPDATE OR DELETE ON households FOR EACH ROW
    WHEN (current_setting('gonggu.packs_held', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION registry_packs_written();
CREATE TRIGGER persons_pack AFTER INSERT OR UPDATE OR DELETE ON persons FOR EACH ROW
    WHEN (current_setting('gonggu.packs_held', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION registry_packs_written();
CREATE TRIGGER incomes_pack AFTER INSERT OR UPDATE OR DELETE ON incomes FOR EACH ROW
    WHEN (current_setting('gonggu.packs_held', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION registry_packs_written();
CREATE TRIGGER measures_pack AFTER INSERT OR UPDATE OR DELETE ON measures FOR EACH ROW
    WHEN (current_setting('gonggu.packs_held', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION registry_packs_written();
