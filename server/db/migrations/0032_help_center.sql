-- Help centre (issue 20): custom domains a tenant adds and proves it owns (a DNS TXT record or an HTTP token),
-- the slugs an article had before (a 301 to the current one), and searches that found nothing (the KB's gaps).
CREATE TABLE hc_domains (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  domain TEXT NOT NULL,
  token TEXT NOT NULL,
  verified_at TEXT,
  last_checked_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL
);
-- One tenant per domain, pending or verified: a second claim is refused until the first is removed.
CREATE UNIQUE INDEX hc_domains_domain ON hc_domains (domain);
CREATE INDEX hc_domains_tenant ON hc_domains (tenant_id, created_at, id);
CREATE UNIQUE INDEX hc_domains_token ON hc_domains (token);

CREATE TABLE kb_slug_redirects (
  tenant_id TEXT NOT NULL,
  locale TEXT NOT NULL,
  old_slug TEXT NOT NULL,
  article_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, locale, old_slug)
);
CREATE INDEX kb_slug_redirects_article ON kb_slug_redirects (article_id);

CREATE TABLE kb_search_misses (
  tenant_id TEXT NOT NULL,
  locale TEXT NOT NULL,
  query_key TEXT NOT NULL,
  query TEXT NOT NULL,
  misses INTEGER NOT NULL DEFAULT 0,
  last_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, locale, query_key)
);
