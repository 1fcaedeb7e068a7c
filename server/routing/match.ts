// Which routing rules a new ticket meets, and what they make of it: pure, so the rules are tested without a database.
import type { RoutingRule, RuleActions, RuleConditions } from './schemas.ts';

/** What a rule can see of a ticket being filed. */
export interface NewTicketFacts {
  channel: string;
  subject: string;
  message: string;
  tags: string[];
  customFields: Record<string, unknown>;
  requesterEmail: string;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

export function matches(c: RuleConditions, t: NewTicketFacts): boolean {
  if (c.channel && !c.channel.includes(t.channel as (typeof c.channel)[number])) return false;
  if (c.keywords) {
    const haystack = `${t.subject}\n${t.message}`.toLowerCase();
    if (!c.keywords.some((k) => haystack.includes(k.toLowerCase()))) return false;
  }
  if (c.tags) {
    const has = new Set(t.tags.map((x) => x.toLowerCase()));
    if (!c.tags.some((x) => has.has(x.toLowerCase()))) return false;
  }
  if (c.customFields) {
    for (const [key, value] of Object.entries(c.customFields)) if (t.customFields[key] !== value) return false;
  }
  if (c.requesterDomain) {
    const d = domainOf(t.requesterEmail);
    if (!c.requesterDomain.some((x) => d === x || d.endsWith(`.${x}`))) return false;
  }
  return true;
}

/** The actions of the enabled rules a ticket meets, in order: later ones override a field, tags add up. */
export function routeTicket(
  rules: RoutingRule[],
  t: NewTicketFacts,
): { actions: Omit<RuleActions, 'tags'> & { tags: string[] }; matched: string[] } {
  const actions: Omit<RuleActions, 'tags'> & { tags: string[] } = { tags: [] };
  const matched: string[] = [];
  for (const rule of rules) {
    if (!rule.enabled || !matches(rule.conditions, t)) continue;
    matched.push(rule.id);
    const { tags, ...rest } = rule.actions;
    Object.assign(actions, rest);
    if (tags) actions.tags.push(...tags);
    if (rule.stopProcessing) break;
  }
  return { actions, matched };
}
