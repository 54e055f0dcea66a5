-- bilateral store, schema version 1.
-- Articles are the documents read; mentions are events as coded in one sentence of one article;
-- events are what the mentions report once de-duplicated (many reports, one event).

CREATE SEQUENCE run_ids START 1;

CREATE TABLE runs (
    id              INTEGER PRIMARY KEY DEFAULT nextval('run_ids'),
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    status          VARCHAR NOT NULL,          -- running | finished | failed
    command         VARCHAR NOT NULL,
    inputs          VARCHAR[] NOT NULL,
    coder_version   VARCHAR NOT NULL,
    lexicons        VARCHAR NOT NULL,          -- JSON: language -> lexicon version
    workers         INTEGER,
    scheduler       VARCHAR,                   -- 'local' or the remote scheduler's address
    articles_read   INTEGER NOT NULL DEFAULT 0,
    articles_added  INTEGER NOT NULL DEFAULT 0,
    mentions_added  INTEGER NOT NULL DEFAULT 0,
    problems        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE articles (
    id          VARCHAR PRIMARY KEY,           -- derived from the normalised text and the URL
    doc_id      VARCHAR,                       -- the id the input gave, if any
    url         VARCHAR,
    title       VARCHAR,
    outlet      VARCHAR,
    published   DATE,
    language    VARCHAR NOT NULL,
    text        VARCHAR NOT NULL,
    text_hash   VARCHAR NOT NULL,              -- sha256 of the normalised text
    words       INTEGER NOT NULL,
    minhash     BLOB,                          -- MinHash signature (128 × uint64), for near-duplicates
    cluster     VARCHAR,                       -- near-duplicate cluster: the smallest article id in it
    source      VARCHAR,                       -- where it was read from
    run_id      INTEGER NOT NULL
);

CREATE TABLE mentions (
    id              VARCHAR PRIMARY KEY,       -- the coder's event id for this report
    article_id      VARCHAR NOT NULL,
    event_id        VARCHAR,                   -- the de-duplicated event it reports
    date            DATE NOT NULL,
    date_source     VARCHAR NOT NULL,          -- document | sentence
    event           VARCHAR NOT NULL,          -- PLOVER type
    mode            VARCHAR NOT NULL,
    context         VARCHAR[] NOT NULL,        -- PLOVER contexts, modality included
    actor_codes     VARCHAR[] NOT NULL,
    recipient_codes VARCHAR[] NOT NULL,
    cameo           VARCHAR NOT NULL,
    quad_code       TINYINT NOT NULL,
    goldstein       DOUBLE NOT NULL,
    plover_score    DOUBLE NOT NULL,
    sentence        INTEGER NOT NULL,
    start           INTEGER NOT NULL,          -- trigger offsets in the article text
    "end"           INTEGER NOT NULL,
    trigger         VARCHAR NOT NULL,
    sentence_text   VARCHAR NOT NULL,
    language        VARCHAR NOT NULL,
    confidence      DOUBLE NOT NULL,
    coder           VARCHAR NOT NULL,          -- coder version
    lexicon         VARCHAR NOT NULL,          -- lexicon version
    run_id          INTEGER NOT NULL
);

-- One row per mention × actor (role 'actor') or recipient (role 'recipient').
CREATE TABLE mention_actors (
    mention_id  VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,
    position    TINYINT NOT NULL,
    code        VARCHAR NOT NULL,
    sector      VARCHAR NOT NULL,
    text        VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    start       INTEGER NOT NULL,              -- -1 when the actor was inferred, not read
    "end"       INTEGER NOT NULL,
    kind        VARCHAR NOT NULL,
    PRIMARY KEY (mention_id, role, position)
);

-- Rebuilt from the mentions after every ingest: deterministic, whatever order articles came in.
CREATE TABLE events (
    id              VARCHAR PRIMARY KEY,
    date            DATE NOT NULL,             -- the earliest date a mention gives
    event           VARCHAR NOT NULL,
    mode            VARCHAR NOT NULL,
    context         VARCHAR[] NOT NULL,
    actor_code      VARCHAR NOT NULL,          -- first actor (all of them: actor_codes)
    actor_sector    VARCHAR NOT NULL,
    recipient_code  VARCHAR NOT NULL,          -- first recipient, '' when there is none
    recipient_sector VARCHAR NOT NULL,
    actor_codes     VARCHAR[] NOT NULL,
    recipient_codes VARCHAR[] NOT NULL,
    cameo           VARCHAR NOT NULL,
    quad_code       TINYINT NOT NULL,
    goldstein       DOUBLE NOT NULL,
    plover_score    DOUBLE NOT NULL,
    assertion       BOOLEAN NOT NULL,          -- false when negated, hypothetical or future
    confidence      DOUBLE NOT NULL,           -- the highest of its mentions
    num_mentions    INTEGER NOT NULL,
    num_articles    INTEGER NOT NULL,
    num_outlets     INTEGER NOT NULL,
    mention_id      VARCHAR NOT NULL,          -- the first report: its evidence is the event's
    article_id      VARCHAR NOT NULL,
    url             VARCHAR,
    title           VARCHAR,
    language        VARCHAR NOT NULL,
    sentence_text   VARCHAR NOT NULL,
    trigger         VARCHAR NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL
);

-- One row per event × actor or recipient: those of the event's first report.
CREATE VIEW event_actors AS
    SELECT e.id AS event_id, a.role, a.position, a.code, a.sector, a.text, a.name
    FROM events e JOIN mention_actors a ON a.mention_id = e.mention_id;

CREATE INDEX mentions_article ON mentions (article_id);
