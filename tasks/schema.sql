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

-- Cross-article clusters: which event rows report the same real-world event
-- (the rule is in tasks/cluster.py). Recomputed after every run that adds
-- articles; every event row has exactly one cluster, singletons included.
CREATE TABLE IF NOT EXISTS event_clusters (
    event_id   VARCHAR PRIMARY KEY,
    cluster_id VARCHAR NOT NULL
);

-- One row per real-world event: the cluster's kind, its best-known date
-- (the finest precision any report gives), the most advanced status, the
-- union of people and countries, and how many articles and outlets report
-- it. An outlet is the host of a URL source, else the folder a file sits in.
CREATE OR REPLACE VIEW unique_events AS
WITH reports AS (
    SELECT e.*,
           coalesce(c.cluster_id, 'c' || e.event_id) AS cluster_id,
           a.source,
           a.published_on,
           CASE WHEN regexp_matches(a.source, '^[a-zA-Z]+://')
                THEN regexp_extract(a.source, '^[a-zA-Z]+://(www\.)?([^/:?#]+)', 2)
                ELSE regexp_extract(a.source, '([^/\\]+)[/\\][^/\\]*$', 1)
           END AS outlet,
           CASE e.date_precision WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3 WHEN 'year' THEN 4 END AS precision_rank
    FROM events e
    JOIN articles a USING (article_id)
    LEFT JOIN event_clusters c USING (event_id)
)
SELECT cluster_id,
       any_value(type) AS type,
       CASE WHEN bool_or(status = 'occurred') THEN 'occurred'
            WHEN bool_or(status = 'not_occurred') THEN 'not_occurred'
            WHEN bool_or(status = 'planned') THEN 'planned'
            ELSE 'proposed' END AS status,
       first(event_date ORDER BY precision_rank NULLS LAST, event_date) AS event_date,
       first(date_precision ORDER BY precision_rank NULLS LAST, event_date) AS date_precision,
       list_sort(list_distinct(flatten(list(people)))) AS people,
       list_sort(list_distinct(flatten(list(countries)))) AS countries,
       first(evidence ORDER BY confidence DESC, published_on) AS evidence,
       max(confidence) AS confidence,
       count(*) AS n_reports,
       count(DISTINCT article_id) AS n_articles,
       count(DISTINCT outlet) AS n_outlets,
       min(published_on) AS first_reported_on,
       list_sort(list_distinct(list(source))) AS sources
FROM reports
GROUP BY cluster_id;
