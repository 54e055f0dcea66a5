-- bilateral store, schema version 2: where each event took place.
-- A mention's location is read from its article (see bilateral.geo); an event takes its first
-- report's. NULL for mentions coded before this version, and where nothing places the event.
--   geo_id         GeoNames id; NULL for a place of bilateral's own list that GeoNames lacks
--   geo_country    ISO 3166-1 alpha-3; '' for a sea or strait between states
--   geo_admin1     GeoNames first-level division code
--   geo_feature    GeoNames feature code (PPL town, PPLC capital, PCLI state, ADM1, MN mine, CMP camp …)
--   geo_precision  site | city | admin1 | country
--   geo_source     sentence | article | actor_country
--   geo_start/end  offsets of the place name in the article text; -1 when no name was read

ALTER TABLE mentions ADD COLUMN geo_name VARCHAR;
ALTER TABLE mentions ADD COLUMN geo_id BIGINT;
ALTER TABLE mentions ADD COLUMN geo_lat DOUBLE;
ALTER TABLE mentions ADD COLUMN geo_lon DOUBLE;
ALTER TABLE mentions ADD COLUMN geo_country VARCHAR;
ALTER TABLE mentions ADD COLUMN geo_admin1 VARCHAR;
ALTER TABLE mentions ADD COLUMN geo_feature VARCHAR;
ALTER TABLE mentions ADD COLUMN geo_precision VARCHAR;
ALTER TABLE mentions ADD COLUMN geo_source VARCHAR;
ALTER TABLE mentions ADD COLUMN geo_start INTEGER;
ALTER TABLE mentions ADD COLUMN geo_end INTEGER;

ALTER TABLE events ADD COLUMN geo_name VARCHAR;
ALTER TABLE events ADD COLUMN geo_id BIGINT;
ALTER TABLE events ADD COLUMN geo_lat DOUBLE;
ALTER TABLE events ADD COLUMN geo_lon DOUBLE;
ALTER TABLE events ADD COLUMN geo_country VARCHAR;
ALTER TABLE events ADD COLUMN geo_admin1 VARCHAR;
ALTER TABLE events ADD COLUMN geo_feature VARCHAR;
ALTER TABLE events ADD COLUMN geo_precision VARCHAR;
ALTER TABLE events ADD COLUMN geo_source VARCHAR;
ALTER TABLE events ADD COLUMN geo_start INTEGER;
ALTER TABLE events ADD COLUMN geo_end INTEGER;
