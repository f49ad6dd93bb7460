-- News (docs/news.md): one row per story, however many providers carry it (news_id derives from the content hash,
-- so the same Benzinga story from Alpaca and Polygon is one row); news_sources keeps every provider's sighting.
CREATE TABLE news (
    news_id          text PRIMARY KEY,
    content_hash     text NOT NULL UNIQUE,
    provider         text NOT NULL,
    provider_news_id text NOT NULL,
    headline         text NOT NULL,
    summary          text,
    body             text,
    url              text,
    source           text,
    author           text,
    published_ts     timestamptz NOT NULL,
    updated_ts       timestamptz,
    symbols          text[] NOT NULL DEFAULT '{}',
    insights         jsonb NOT NULL DEFAULT '[]',
    raw_event_id     text NOT NULL,
    ingest_ts        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX news_by_published ON news (published_ts);

CREATE TABLE news_sources (
    news_id          text NOT NULL REFERENCES news (news_id),
    provider         text NOT NULL,
    provider_news_id text NOT NULL,
    raw_event_id     text NOT NULL,
    first_seen       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (news_id, provider, provider_news_id)
);

-- A score in -1..1 per story and symbol it names ('*': a story naming no symbol), by model and version.
-- published_ts is the story's, kept here so the rolling features read one index range per symbol.
CREATE TABLE news_sentiment (
    news_id       text NOT NULL REFERENCES news (news_id),
    symbol        text NOT NULL,
    model         text NOT NULL,
    model_version text NOT NULL,
    score         double precision NOT NULL CHECK (score >= -1 AND score <= 1),
    published_ts  timestamptz NOT NULL,
    raw_event_id  text NOT NULL,
    PRIMARY KEY (news_id, symbol, model, model_version)
);
CREATE INDEX news_sentiment_by_symbol ON news_sentiment (symbol, model, model_version, published_ts);
