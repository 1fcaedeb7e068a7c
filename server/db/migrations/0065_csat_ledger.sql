-- Satisfaction ratings are rows of the metric ledger (kind 'csat', met 1 good / 0 bad, credited to the ticket's
-- assignee, with the ticket's team, channel and priority like every ledger row), so the reports read them from the
-- daily rollups: joining every rating of the period with its ticket cost ~13 ms of /analytics/metrics and of the
-- agent table over 100k tickets and 5k ratings. Ratings given before this are appended to their ticket's ledger
-- here (after its rows; the ticket's next change writes them in time order), and their days rebuilt.
INSERT INTO ticket_metrics
  (tenant_id, ticket_id, seq, kind, at, calendar_seconds, business_seconds, agent_id, automated, met, team_id, channel, priority)
SELECT s.tenant_id, s.ticket_id,
  coalesce((SELECT max(m.seq) + 1 FROM ticket_metrics m WHERE m.tenant_id = s.tenant_id AND m.ticket_id = s.ticket_id), 0)
    + row_number() OVER (PARTITION BY s.tenant_id, s.ticket_id ORDER BY s.rated_at, s.id) - 1,
  'csat', s.rated_at, NULL, NULL, t.assignee_id, 0, s.rating = 'good', t.team_id, t.channel, t.priority
FROM csat_surveys s JOIN tickets t ON t.tenant_id = s.tenant_id AND t.id = s.ticket_id
WHERE s.rating IS NOT NULL AND t.spam = 0;
INSERT OR IGNORE INTO ticket_metric_dirty_days (tenant_id, day)
SELECT DISTINCT tenant_id, substr(rated_at, 1, 10) FROM csat_surveys WHERE rating IS NOT NULL;
