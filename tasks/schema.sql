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
-- ended_at belongs to a run that is still going or was killed; the next
-- run on the same host marks it 'interrupted' once its process is gone.
-- flow_run_id is unique but not a PRIMARY KEY: each chunk rewrites the
-- row, and DuckDB 1.5 aborts the whole process (C++ terminate) when a
-- COMMIT that rewrote a row of an indexed table fails, e.g. on a full disk.
-- Files made before this have the key; Parley rebuilds the table without it.
CREATE TABLE IF NOT EXISTS runs (
    flow_run_id      VARCHAR NOT NULL,     -- Prefect flow run id
    flow_run_name    VARCHAR,
    status           VARCHAR NOT NULL,     -- running, completed, failed, interrupted
    started_at       TIMESTAMP NOT NULL,   -- UTC
    ended_at         TIMESTAMP,            -- UTC
    inputs           VARCHAR[],            -- the paths and inbox the run was given
    inputs_seen      INTEGER NOT NULL DEFAULT 0,
    articles_new     INTEGER NOT NULL DEFAULT 0,
    articles_skipped INTEGER NOT NULL DEFAULT 0,
    rejected         INTEGER NOT NULL DEFAULT 0,
    rows_added       MAP(VARCHAR, BIGINT)  -- rows added per table, e.g. rows_added['articles']
);

-- Which process runs the flow, so a later run can tell a run that is still
-- going from one whose process died (the start time tells a reused pid
-- apart); why a run failed; when a later run found it dead.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS host VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS pid INTEGER;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS process_started_at TIMESTAMP;  -- UTC
ALTER TABLE runs ADD COLUMN IF NOT EXISTS error VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS interrupted_noticed_at TIMESTAMP;  -- UTC

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

-- ---------------------------------------------------------------------------
-- For analysts (docs/ANALYSIS.md). Views over the tables above, never copies:
-- they always show the data as it is now.

-- Which flow run last rejected each input (NULL for rows written before this
-- column existed, or outside a flow run).
ALTER TABLE rejected_inputs ADD COLUMN IF NOT EXISTS flow_run_id VARCHAR;

-- Real-world events (clusters) per month, country pair and kind. An event
-- with three countries counts once for each of its three pairs; country_a
-- sorts before country_b. month is NULL for events the articles do not date.
CREATE OR REPLACE VIEW events_per_month AS
SELECT date_trunc('month', u.event_date)::DATE AS month,
       country_a,
       country_b,
       u.type,
       count(*) AS n_events,
       count(*) FILTER (WHERE u.status = 'occurred') AS n_occurred,
       sum(u.n_articles) AS n_articles
FROM unique_events u,
     unnest(list_distinct(u.countries)) AS a(country_a),
     unnest(list_distinct(u.countries)) AS b(country_b)
WHERE country_a < country_b
GROUP BY ALL;

-- For each country and role, its latest summons or recall: the summoning
-- country ('summoner'), the country whose envoy was summoned ('summoned'),
-- the recalling country ('recaller') and the country the envoy leaves
-- ('host'). Latest by the event's date, or by publication when the event is
-- undated; n_events counts the real-world events in that role.
CREATE OR REPLACE VIEW latest_summons_recalls AS
WITH roles AS (
    SELECT e.type, e.event_id, coalesce(c.cluster_id, 'c' || e.event_id) AS cluster_id,
           e.status, e.event_date, e.date_precision, e.envoy, e.evidence, e.confidence,
           a.source, a.published_on,
           r.role.country AS country, r.role.role AS role, r.role.other_country AS other_country
    FROM events e
    JOIN articles a USING (article_id)
    LEFT JOIN event_clusters c USING (event_id),
    unnest([
        {'country': e.summoning_country, 'role': 'summoner', 'other_country': e.envoy_country},
        {'country': e.envoy_country, 'role': 'summoned', 'other_country': e.summoning_country},
        {'country': e.recalling_country, 'role': 'recaller', 'other_country': e.host_country},
        {'country': e.host_country, 'role': 'host', 'other_country': e.recalling_country}
    ]) AS r(role)
    WHERE e.type IN ('summons', 'recall') AND r.role.country IS NOT NULL
)
SELECT country, role, type, other_country, event_date, date_precision, status, envoy,
       evidence, source, published_on,
       count(DISTINCT cluster_id) OVER (PARTITION BY country, role) AS n_events,
       event_id, cluster_id
FROM roles
QUALIFY row_number() OVER (
    PARTITION BY country, role
    ORDER BY coalesce(event_date, published_on) DESC NULLS LAST, confidence DESC, event_id
) = 1;

-- Each country's meetings and calls over time: one row per country and
-- real-world event, with the other countries taking part.
CREATE OR REPLACE VIEW diplomatic_contacts AS
SELECT country,
       date_trunc('month', u.event_date)::DATE AS month,
       u.event_date, u.date_precision, u.type, u.status,
       list_filter(u.countries, lambda x: x <> country) AS partners,
       u.people, u.n_articles, u.n_outlets, u.evidence, u.cluster_id
FROM unique_events u, unnest(list_distinct(u.countries)) AS c(country)
WHERE u.type IN ('meeting', 'call');

-- The event rows behind each pair of countries, with the sentence and the
-- article they come from. Query it with the pair in alphabetical order:
--   where country_a = least('USA', 'RUS') and country_b = greatest('USA', 'RUS')
CREATE OR REPLACE VIEW pair_events AS
SELECT country_a, country_b, e.type, e.status, e.event_date, e.date_precision,
       e.people, e.countries, e.evidence, e.confidence,
       a.source, a.title, a.published_on,
       coalesce(c.cluster_id, 'c' || e.event_id) AS cluster_id, e.event_id, e.article_id
FROM events e
JOIN articles a USING (article_id)
LEFT JOIN event_clusters c USING (event_id),
     unnest(list_distinct(e.countries)) AS p(country_a),
     unnest(list_distinct(e.countries)) AS q(country_b)
WHERE country_a < country_b;

-- The inputs rejected by the latest flow run (by start time).
CREATE OR REPLACE VIEW last_run_rejected AS
SELECT r.source, r.stage, r.reason, r.rejected_at, r.flow_run_id
FROM rejected_inputs r
WHERE r.flow_run_id = (SELECT flow_run_id FROM runs ORDER BY started_at DESC LIMIT 1);

-- Feed fields Parley does not read (JSON Lines inputs), kept as a JSON object
-- so nothing a scraper sent is lost; NULL for plain files.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS extra VARCHAR;

-- The language the strip stage detected (ISO 639-1, e.g. 'en'; NULL when it
-- could not tell). Articles in a language the NLP stage does not read are
-- stored but give no event rows. Added here, not in CREATE TABLE, so files
-- made before it get the column too.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS language VARCHAR;
