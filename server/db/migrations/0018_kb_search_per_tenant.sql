-- Tenant-local KB search: each tenant's articles get their own FTS5 index (kb_fts_<slot>, made by
-- server/kb/search-index.ts on the tenant's first indexed article), so a search reads only that tenant's doclists and
-- bm25 counts only its articles: neither its speed nor its ranking depends on other tenants' help centres.
-- A tenant indexed before this migration stays in the shared kb_articles_fts until its next article write moves it.
CREATE TABLE kb_search_indexes (
  slot INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
