-- Knowledge-base search tuning: per-tenant synonyms, and which article visitors open after a given search.

-- term_key is the stemmed, case- and accent-folded term a query word is looked up by (server/kb/search-query.ts).
CREATE TABLE kb_synonyms (
  tenant_id TEXT NOT NULL,
  term_key TEXT NOT NULL,
  term TEXT NOT NULL,
  -- JSON array of words or phrases, searched as alternatives of the term.
  synonyms TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, term_key)
);

-- One row per normalised query and article opened from its results. weight is a count that halves every 30 days,
-- as of updated_at (server/kb/search-lift.ts); rows that have faded away are deleted.
CREATE TABLE kb_search_opens (
  tenant_id TEXT NOT NULL,
  locale TEXT NOT NULL,
  query_key TEXT NOT NULL,
  article_id TEXT NOT NULL,
  weight REAL NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, locale, query_key, article_id)
);
CREATE INDEX kb_search_opens_age ON kb_search_opens (tenant_id, updated_at);
CREATE INDEX kb_search_opens_article ON kb_search_opens (tenant_id, article_id);
