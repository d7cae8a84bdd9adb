-- A certificate number is looked up through persons_id18 (its first 18 characters in upper
-- case), which every matching already used; the search now does too. The plain index was a
-- sixth of rebuilding the persons' indexes after a large import and a write on every change.
DROP INDEX persons_id_number;
