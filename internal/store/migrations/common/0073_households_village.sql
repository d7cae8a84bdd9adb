-- households_figures (village_code, kind, category, relocated, risk_eliminated) serves every
-- lookup by village that households_village served: its first column is the village. The
-- plain index was one more index to keep up on every household an import writes.
DROP INDEX households_village;
