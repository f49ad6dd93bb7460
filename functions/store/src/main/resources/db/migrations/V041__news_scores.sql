/*
 news_scores(in_symbols, in_model, in_version, in_from, in_to): the sentiment scores of the symbols by one model and
 version of stories published in [in_from, in_to], per symbol oldest first (docs/news.md, "Rolling news features").
 The one read of the news features: alpha-call makes it live (NewsRepository.scores, for a run of bars) and
 marketfn backtest for a stored series, so both compute a bar's features from the same rows. A SQL function, inlined
 by the planner, so the range stays on index news_sentiment_by_symbol. Listed after V040, whose table it reads.
*/
CREATE FUNCTION news_scores(in_symbols text[], in_model text, in_version text, in_from timestamptz,
                            in_to timestamptz)
RETURNS TABLE (symbol text, published_ts timestamptz, score double precision)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT s.symbol, s.published_ts, s.score
FROM news_sentiment s
WHERE s.symbol = ANY (in_symbols) AND s.model = in_model AND s.model_version = in_version
    AND s.published_ts BETWEEN in_from AND in_to
ORDER BY s.symbol, s.published_ts, s.news_id
$$;
