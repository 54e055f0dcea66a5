-- bilateral store, schema version 3: the de-duplication index, kept so that a run that adds a few
-- articles re-clusters and re-groups only what they touch, not the whole store.

-- The LSH bands of every article's MinHash signature: two articles sharing a (band, hash) are
-- candidate near-duplicates (then compared on their whole signatures).
CREATE TABLE article_bands (
    hash        UBIGINT NOT NULL,              -- of the band number and its MinHash values
    article_id  VARCHAR NOT NULL
);

-- The grouping key of every mention (type, mode, modality, actors and recipients), hashed, and its
-- date: only mentions with the same key, on the same day or within a day in one cluster, are
-- joined into one event, so a new mention looks up only those.
CREATE TABLE mention_keys (
    mention_id  VARCHAR PRIMARY KEY,
    key_hash    UBIGINT NOT NULL,
    date        DATE NOT NULL
);

-- 'index' = 'complete' once the two tables above cover every article and mention; until then
-- (a store made before this version) the next consolidation is a full one, which fills them.
CREATE TABLE dedup_state (
    name        VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL
);
INSERT INTO dedup_state SELECT 'index', 'complete' WHERE NOT EXISTS (SELECT 1 FROM articles);
