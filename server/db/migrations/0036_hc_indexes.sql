-- Help-centre reads (issue 20): the popular list orders by every column it sorts on, so a LIMIT stops after a few
-- index entries instead of sorting the whole locale (articles with equal views tie on position, id); and an
-- article's translations (same slug, other locales) are one index range.
DROP INDEX kb_articles_popular;
CREATE INDEX kb_articles_popular ON kb_articles (tenant_id, locale, status, views DESC, position, id);
CREATE INDEX kb_articles_translations ON kb_articles (tenant_id, slug, locale);
