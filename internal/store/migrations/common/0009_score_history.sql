-- The scorecard's counts become a monthly history with parts and provenance (internal/score,
-- docs/scorecard.md). One row per period, region and rate: part is '' for an indicator scored on
-- one rate, or the key of one of the rates a composite indicator is scored on (indicator 2:
-- missed, no_measure, elimination, mismatch). A period is a month 'YYYY-MM'; its snapshot is
-- kept once the month is over, and the current month is recomputed by every refresh.
-- source says where a period's snapshot came from: 'refresh' (counted from the registry and the
-- open findings) or 'synthetic' (made up by `gonggu demo` for its trend chart; never in a real
-- deployment).
CREATE TABLE score_counts (
    period      TEXT NOT NULL,
    region_code TEXT NOT NULL,
    level       INTEGER NOT NULL,
    indicator   INTEGER NOT NULL,
    part        TEXT NOT NULL DEFAULT '',
    num         INTEGER NOT NULL,
    den         INTEGER NOT NULL,
    source      TEXT NOT NULL DEFAULT 'refresh',
    computed_at TEXT NOT NULL,
    PRIMARY KEY (period, region_code, indicator, part)
);
CREATE INDEX score_counts_region ON score_counts (region_code, period);

-- The snapshots taken so far are kept. They were counted under the first definitions: indicator 1
-- over all households, and indicator 2 on the 漏纳率 alone with I2-01 and I2-02 as suspected
-- missed; indicator 2's rate becomes its 'missed' part.
INSERT INTO score_counts (period, region_code, level, indicator, part, num, den, source, computed_at)
SELECT period, region_code, level, indicator, CASE WHEN indicator = 2 THEN 'missed' ELSE '' END, num, den, 'refresh', computed_at
FROM scores;
DROP TABLE scores;
