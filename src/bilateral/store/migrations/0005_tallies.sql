-- bilateral store, schema version 5: monthly tallies of the events, so that a dyad's or an actor's
-- figures, timeline and directions, and the outlets behind a dyad, read a few rows rather than
-- every event of the dyad (store/tallies.py; filled from the events when this migration is
-- applied, kept by every consolidation, rebuilt by `bilateral rebuild`). They hold nothing the
-- events do not: a table of sums, grouped by
--   dyad_months     month, dyad (dyad_key and the lists of codes), assertion, type, mode, quad class
--   dyad_contexts   month, dyad, assertion, context (an event counts once per context)
--   actor_months    month, actor code (an event counts once per code among its actors and
--                   recipients), assertion, type, mode, quad class
--   actor_contexts  month, actor code, assertion, context
-- and event_outlets, one row per event and article reporting it, with the article's outlet.

CREATE TABLE dyad_months (
    month           DATE NOT NULL,              -- first day of the month
    dyad_key        VARCHAR,
    actor_codes     VARCHAR[] NOT NULL,
    recipient_codes VARCHAR[] NOT NULL,
    assertion       BOOLEAN NOT NULL,
    event           VARCHAR NOT NULL,
    mode            VARCHAR NOT NULL,
    quad_code       TINYINT NOT NULL,
    events          BIGINT NOT NULL,
    mentions        BIGINT NOT NULL,            -- reports of those events (sum of num_mentions)
    goldstein_sum   DOUBLE NOT NULL,
    plover_sum      DOUBLE NOT NULL,
    first           DATE NOT NULL,
    last            DATE NOT NULL
);

CREATE TABLE dyad_contexts (
    month           DATE NOT NULL,
    dyad_key        VARCHAR,
    actor_codes     VARCHAR[] NOT NULL,
    recipient_codes VARCHAR[] NOT NULL,
    assertion       BOOLEAN NOT NULL,
    context         VARCHAR,
    events          BIGINT NOT NULL,
    mentions        BIGINT NOT NULL,
    goldstein_sum   DOUBLE NOT NULL,
    plover_sum      DOUBLE NOT NULL
);

CREATE TABLE actor_months (
    month           DATE NOT NULL,
    code            VARCHAR,
    assertion       BOOLEAN NOT NULL,
    event           VARCHAR NOT NULL,
    mode            VARCHAR NOT NULL,
    quad_code       TINYINT NOT NULL,
    events          BIGINT NOT NULL,
    mentions        BIGINT NOT NULL,
    goldstein_sum   DOUBLE NOT NULL,
    plover_sum      DOUBLE NOT NULL,
    first           DATE NOT NULL,
    last            DATE NOT NULL
);

CREATE TABLE actor_contexts (
    month           DATE NOT NULL,
    code            VARCHAR,
    assertion       BOOLEAN NOT NULL,
    context         VARCHAR,
    events          BIGINT NOT NULL,
    mentions        BIGINT NOT NULL,
    goldstein_sum   DOUBLE NOT NULL,
    plover_sum      DOUBLE NOT NULL
);

CREATE TABLE event_outlets (
    event_id        VARCHAR NOT NULL,
    date            DATE NOT NULL,              -- the event's
    dyad_key        VARCHAR,
    actor_codes     VARCHAR[] NOT NULL,
    recipient_codes VARCHAR[] NOT NULL,
    assertion       BOOLEAN NOT NULL,
    event           VARCHAR NOT NULL,
    quad_code       TINYINT NOT NULL,
    outlet          VARCHAR NOT NULL,           -- '' when the article has none
    article_id      VARCHAR NOT NULL,
    mentions        BIGINT NOT NULL             -- the article's reports of the event
);
