-- The post-evaluation scorecard: the counts behind each indicator's rate, per region and
-- period, refreshed after every screening (internal/score). A period is a month 'YYYY-MM':
-- the last refresh of a month stands for the month, so that trends show one point a month.
-- region_code is the region's 12-digit code (village, township, county, city or province),
-- level its level (1 province … 5 village); indicator 0 is data quality. Scores are not
-- stored: they are computed from num/den with the weights, targets and floors in force.
CREATE TABLE scores (
    period      TEXT NOT NULL,
    region_code TEXT NOT NULL,
    level       INTEGER NOT NULL,
    indicator   INTEGER NOT NULL,
    num         INTEGER NOT NULL,
    den         INTEGER NOT NULL,
    computed_at TEXT NOT NULL,
    PRIMARY KEY (period, region_code, indicator)
);
CREATE INDEX scores_region ON scores (region_code, period);

-- Province averages of an indicator's rate entered by users, per period, for comparison.
CREATE TABLE province_averages (
    province   TEXT NOT NULL,
    period     TEXT NOT NULL,
    indicator  INTEGER NOT NULL,
    rate       DOUBLE PRECISION NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (province, period, indicator)
);
