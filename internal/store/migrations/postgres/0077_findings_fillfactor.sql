-- A full screening writes last_seen_at of every open finding of a county it keeps. With room on
-- the page for the row's new version the update is HOT (last_seen_at is in no index) and
-- touches none of the six indexes of findings; on full pages each update added an entry to
-- each of them, and a county of 150,000 households took 1.0–1.4 s where it now takes
-- 0.05–0.11 s. Half the page is free for that second version: every open finding is rewritten
-- once a run. Pages written before this keep their fill until rewritten.
ALTER TABLE findings SET (fillfactor = 50);
