-- Parley's database schema. Applied at the start of every run; every
-- statement is idempotent, so applying it to an existing file changes nothing.

CREATE TABLE IF NOT EXISTS articles (
    article_id   VARCHAR PRIMARY KEY,  -- hash of title and clean text
    source       VARCHAR NOT NULL,     -- path or URL given to the pipeline
    format       VARCHAR,              -- text or html
    title        VARCHAR,
    published_on DATE,
    clean_text   VARCHAR NOT NULL,     -- body after boilerplate stripping, a paragraph a line
    added_at     TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS meetings (
    event_id       VARCHAR PRIMARY KEY,
    article_id     VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,
    event_date     DATE,
    date_precision VARCHAR,
    date_text      VARCHAR,
    people         VARCHAR[],
    countries      VARCHAR[],
    evidence       VARCHAR NOT NULL,
    evidence_start INTEGER,
    evidence_end   INTEGER,
    confidence     DOUBLE,
    location       VARCHAR,
    format         VARCHAR
);

CREATE TABLE IF NOT EXISTS calls (
    event_id       VARCHAR PRIMARY KEY,
    article_id     VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,
    event_date     DATE,
    date_precision VARCHAR,
    date_text      VARCHAR,
    people         VARCHAR[],
    countries      VARCHAR[],
    evidence       VARCHAR NOT NULL,
    evidence_start INTEGER,
    evidence_end   INTEGER,
    confidence     DOUBLE,
    medium         VARCHAR
);

CREATE TABLE IF NOT EXISTS summons (
    event_id          VARCHAR PRIMARY KEY,
    article_id        VARCHAR NOT NULL,
    status            VARCHAR NOT NULL,
    event_date        DATE,
    date_precision    VARCHAR,
    date_text         VARCHAR,
    people            VARCHAR[],
    countries         VARCHAR[],
    evidence          VARCHAR NOT NULL,
    evidence_start    INTEGER,
    evidence_end      INTEGER,
    confidence        DOUBLE,
    summoning_country VARCHAR,
    summoned_by       VARCHAR,
    envoy             VARCHAR,
    envoy_country     VARCHAR
);

CREATE TABLE IF NOT EXISTS recalls (
    event_id          VARCHAR PRIMARY KEY,
    article_id        VARCHAR NOT NULL,
    status            VARCHAR NOT NULL,
    event_date        DATE,
    date_precision    VARCHAR,
    date_text         VARCHAR,
    people            VARCHAR[],
    countries         VARCHAR[],
    evidence          VARCHAR NOT NULL,
    evidence_start    INTEGER,
    evidence_end      INTEGER,
    confidence        DOUBLE,
    recalling_country VARCHAR,
    envoy             VARCHAR,
    host_country      VARCHAR,
    reason            VARCHAR
);

-- Inputs that could not be processed, with the reason; one row per source
-- and reason, so a re-run does not repeat them.
CREATE TABLE IF NOT EXISTS rejected_inputs (
    source      VARCHAR NOT NULL,
    stage       VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    rejected_at TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (source, stage, reason)
);

CREATE OR REPLACE VIEW events AS
SELECT 'meeting' AS type, event_id, article_id, status, event_date, date_precision, date_text,
       people, countries, evidence, evidence_start, evidence_end, confidence,
       location, format, NULL::VARCHAR AS medium,
       NULL::VARCHAR AS summoning_country, NULL::VARCHAR AS summoned_by,
       NULL::VARCHAR AS envoy, NULL::VARCHAR AS envoy_country,
       NULL::VARCHAR AS recalling_country, NULL::VARCHAR AS host_country, NULL::VARCHAR AS reason
FROM meetings
UNION ALL
SELECT 'call', event_id, article_id, status, event_date, date_precision, date_text,
       people, countries, evidence, evidence_start, evidence_end, confidence,
       NULL, NULL, medium,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM calls
UNION ALL
SELECT 'summons', event_id, article_id, status, event_date, date_precision, date_text,
       people, countries, evidence, evidence_start, evidence_end, confidence,
       NULL, NULL, NULL,
       summoning_country, summoned_by, envoy, envoy_country, NULL, NULL, NULL
FROM summons
UNION ALL
SELECT 'recall', event_id, article_id, status, event_date, date_precision, date_text,
       people, countries, evidence, evidence_start, evidence_end, confidence,
       NULL, NULL, NULL,
       NULL, NULL, envoy, NULL, recalling_country, host_country, reason
FROM recalls;

-- One row per flow run: what it was given, what it saw and what it added.
-- Counters are updated in the same transaction as each chunk's rows, so
-- they always match the data. A row left with status 'running' and no
-- ended_at belongs to a run that was killed (or is still going).
CREATE TABLE IF NOT EXISTS runs (
    flow_run_id      VARCHAR PRIMARY KEY,  -- Prefect flow run id
    flow_run_name    VARCHAR,
    status           VARCHAR NOT NULL,     -- running, completed, failed
    started_at       TIMESTAMP NOT NULL,   -- UTC
    ended_at         TIMESTAMP,            -- UTC
    inputs           VARCHAR[],            -- the paths and inbox the run was given
    inputs_seen      INTEGER NOT NULL DEFAULT 0,
    articles_new     INTEGER NOT NULL DEFAULT 0,
    articles_skipped INTEGER NOT NULL DEFAULT 0,
    rejected         INTEGER NOT NULL DEFAULT 0,
    rows_added       MAP(VARCHAR, BIGINT)  -- rows added per table, e.g. rows_added['articles']
);
