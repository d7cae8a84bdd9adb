-- The scorecard's count of households by village and population (Scores.Count) reads these
-- five columns of every household: covered by the index, it reads the index alone instead of
-- looking each household up in the table (1.4 s for a million households; 0.2 s covered).
DROP INDEX households_figures;
CREATE INDEX households_figures ON households (village_code, kind, category, relocated, risk_eliminated);
