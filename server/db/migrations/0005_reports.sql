-- Reports count resolutions per day; without this they scan every ticket of the tenant.
CREATE INDEX tickets_tenant_resolved ON tickets (tenant_id, resolved_at) WHERE resolved_at IS NOT NULL;
