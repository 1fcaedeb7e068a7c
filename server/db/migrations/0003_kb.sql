-- Knowledge base: categories, articles (Markdown source + sanitized HTML + plain text for the index),
-- the FTS5 index over title and text, and which suggestions a visitor saw before filing or not filing a ticket.

CREATE TABLE kb_categories (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  slug TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX kb_categories_slug ON kb_categories (tenant_id, slug);
CREATE INDEX kb_categories_order ON kb_categories (tenant_id, position, id);

-- seq is the integer key the FTS index points at; id is the public opaque id.
CREATE TABLE kb_articles (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL,
  category_id TEXT,
  locale TEXT NOT NULL DEFAULT 'en',
  title TEXT NOT NULL,
  slug TEXT NOT NULL,
  -- Scope tokens (tenant, tenant+locale, published) so one MATCH narrows to a tenant before ranking.
  scope TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft',
  position INTEGER NOT NULL DEFAULT 0,
  author_id TEXT,
  views INTEGER NOT NULL DEFAULT 0,
  helpful INTEGER NOT NULL DEFAULT 0,
  not_helpful INTEGER NOT NULL DEFAULT 0,
  suggested INTEGER NOT NULL DEFAULT 0,
  deflections INTEGER NOT NULL DEFAULT 0,
  -- Times the article was suggested in a widget session that then filed a ticket anyway.
  suggested_then_ticket INTEGER NOT NULL DEFAULT 0,
  published_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- Large columns last: reading the small ones above never walks a body's overflow pages.
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL,
  body_md TEXT NOT NULL
);
CREATE UNIQUE INDEX kb_articles_slug ON kb_articles (tenant_id, locale, slug);
CREATE INDEX kb_articles_order ON kb_articles (tenant_id, position, id);
CREATE INDEX kb_articles_popular ON kb_articles (tenant_id, locale, status, views DESC);
CREATE INDEX kb_articles_category ON kb_articles (tenant_id, category_id);

-- External-content index kept in step by server/kb/queries.ts inside each write transaction.
CREATE VIRTUAL TABLE kb_articles_fts USING fts5(
  title, body_text, scope,
  content = 'kb_articles', content_rowid = 'seq',
  tokenize = 'porter unicode61 remove_diacritics 2',
  -- Type-ahead asks for prefixes ("shi"*, "deliv"*): prefix indexes answer them without merging every matching term.
  prefix = '3 4 5 6'
);
-- Title counts ten times the body; the scope column only filters and never scores.
INSERT INTO kb_articles_fts (kb_articles_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 0.0)');

-- Bumped in every transaction that changes what a search can return, so cached answers (server/kb/search-cache.ts)
-- are checked against the database, not against this process's memory alone.
CREATE TABLE kb_versions (
  tenant_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL
);

-- One row per article shown as a suggestion in one widget session; outcome says what the visitor did next.
CREATE TABLE kb_suggestion_shows (
  tenant_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  article_id TEXT NOT NULL,
  outcome TEXT,
  shown_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, session_id, article_id)
);
CREATE INDEX kb_suggestion_shows_article ON kb_suggestion_shows (tenant_id, article_id, outcome);
