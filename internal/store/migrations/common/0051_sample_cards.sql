-- The evaluators' sample simulation (internal/sample) and the key-figure cards
-- (internal/keycard). Keyed by county first.

-- 脱贫村 (formerly poor villages) of a county, from the list a county imports: the sample is
-- stratified by 脱贫村 and other villages. A county without a list is stratified by the share
-- of 脱贫户 in each village (policy sample_poor_village_min_share).
CREATE TABLE poor_villages (
    county_code  TEXT NOT NULL,
    village_code TEXT NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    PRIMARY KEY (county_code, village_code)
);

-- The key figures of a region's 明白卡 kept per year, so that a card compares with last year
-- (employed labour, public-welfare posts …): the figures of the current year are written each
-- time a card of the region is made. county_code is the region's county, or a city's or
-- province's own code. source is 'card' (counted when a card was made) or
-- 'synthetic' (made up by `gonggu demo`, never in a real deployment).
CREATE TABLE key_figures (
    county_code TEXT NOT NULL,
    region_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    name        TEXT NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    source      TEXT NOT NULL DEFAULT 'card',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (county_code, region_code, year, name)
);
