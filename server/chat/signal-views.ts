// What each live stream sees of a signal: the same rules as for events (permission and ticket scope for agents;
// a visitor only public signals about a ticket their token reads, and the team's availability, which the widget
// key reads anyway).
import type { Db } from '../db/client.ts';
import type { TenantPrincipal } from '../types.ts';
import { ticketScope } from '../tickets/scope.ts';
import { ticketInScope } from '../tickets/queries.ts';
import { visitorTicketIds, type Visitor } from '../widget/visitor-tokens.ts';
import type { Signal } from './signal-bus.ts';

export function agentSignalView(db: Db, tenantId: string, p: TenantPrincipal) {
  const scope = ticketScope(p);
  return async (s: Signal) => {
    // typing and viewing; the team's availability is the visitors' business
    if (s.type === 'chat.availability' || !p.permissions.has('tickets:read')) return null;
    return (await ticketInScope(db, tenantId, s.ticketId, scope)) ? s.data : null;
  };
}

export function visitorSignalView(db: Db, tenantId: string, visitor: Visitor) {
  return async (s: Signal) => {
    if (s.type === 'chat.availability') return s.data;
    if (s.audience !== 'public' || s.visitorScope !== visitor.customerId) return null;
    if (!(await visitorTicketIds(db, tenantId, visitor)).includes(s.ticketId)) return null;
    if (s.type !== 'typing') return s.data;
    // Which agent it is stays with the agents (the visitor sees a name, as on messages).
    const { agentId: _agentId, ...data } = s.data;
    return data;
  };
}
