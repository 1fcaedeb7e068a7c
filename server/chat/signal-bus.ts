// Ephemeral signals (typing, the team's availability): published per tenant and interleaved into live streams,
// never written to the event log, never replayed. They ride the cluster's topics: in this process alone, or with
// REDIS_URL on every node.
import type { Cluster } from '../cluster/cluster.ts';
import { TYPING_TTL_MS, type TypingSignal, type WidgetChatStatus } from './schemas.ts';
import type { ViewingSignal } from '../tickets/schemas.ts';

export type Signal =
  | (SignalRouting & ({ type: 'typing'; data: TypingSignal } | { type: 'viewing'; data: ViewingSignal }))
  /** Chat became available or stopped being so (an agent came online, the last one left): every visitor's stream. */
  | { type: 'chat.availability'; data: WidgetChatStatus; audience: 'visitors' };

interface SignalRouting {
  /** 'agents': agents' streams only; 'public': also the visitor whose customer id is visitorScope. */
  audience: 'agents' | 'public';
  visitorScope: string | null;
  ticketId: string;
}

export interface SignalBus {
  publish(tenantId: string, signal: Signal): void;
  /** Returns the unsubscribe function. */
  subscribe(tenantId: string, listener: (signal: Signal) => void): () => void;
}

/** Signals on the cluster's ephemeral topics (one per tenant), so a visitor on one node sees an agent typing on another. */
export class ClusterSignalBus implements SignalBus {
  constructor(private readonly cluster: Pick<Cluster, 'publish' | 'subscribe'>) {}

  publish(tenantId: string, signal: Signal) {
    this.cluster.publish(`signals:${tenantId}`, JSON.stringify(signal));
  }

  subscribe(tenantId: string, listener: (s: Signal) => void) {
    return this.cluster.subscribe(`signals:${tenantId}`, (message) => {
      let signal: Signal;
      try {
        signal = JSON.parse(message) as Signal;
      } catch {
        return;
      }
      listener(signal);
    });
  }
}

export interface Typist {
  ticketId: string;
  side: 'agent' | 'visitor';
  name: string | null;
  /** The requester's customer id: the visitor side sees agents typing on their ticket. */
  requesterId: string;
  /** The agent typing: each agent on a ticket types (and stops) on their own, for the other agents' presence line. */
  agentId?: string;
  /** An agent's typing reaches the requester's widget only where they watch it happen (a live chat). */
  visitorSees?: boolean;
}

/**
 * Who is typing where, with the server-side expiry: a typing signal holds TYPING_TTL_MS unless renewed, then
 * this sends typing: false itself; posting a message sends it at once. The visitor is one typist per ticket, each
 * agent another.
 */
export class TypingTracker {
  private timers = new Map<string, { timer: NodeJS.Timeout; typist: Typist }>();

  constructor(
    private bus: SignalBus,
    private now: () => Date,
  ) {}

  private key = (tenantId: string, ticketId: string, side: string, agentId = '') =>
    `${tenantId}\u0000${ticketId}\u0000${side}\u0000${agentId}`;

  private send(tenantId: string, t: Typist, typing: boolean, expiresAt: string | null) {
    const toVisitor = t.side === 'agent' && t.visitorSees === true;
    this.bus.publish(tenantId, {
      type: 'typing',
      data: {
        ticketId: t.ticketId,
        side: t.side,
        name: t.name,
        ...(t.agentId ? { agentId: t.agentId } : {}),
        typing,
        expiresAt,
      },
      // Agents see both sides; the visitor sees the agents typing where they watch (a chat), never their own echo.
      audience: toVisitor ? 'public' : 'agents',
      visitorScope: toVisitor ? t.requesterId : null,
      ticketId: t.ticketId,
    });
  }

  start(tenantId: string, t: Typist) {
    const k = this.key(tenantId, t.ticketId, t.side, t.agentId);
    const old = this.timers.get(k);
    if (old) clearTimeout(old.timer);
    this.send(tenantId, t, true, new Date(this.now().getTime() + TYPING_TTL_MS).toISOString());
    const timer = setTimeout(() => {
      this.timers.delete(k);
      this.send(tenantId, t, false, null);
    }, TYPING_TTL_MS);
    timer.unref?.();
    this.timers.set(k, { timer, typist: t });
  }

  /**
   * A message was posted (or the typist left): typing: false now, if they were typing. For the agent side,
   * `agentId` stops that agent only; without it every agent typing on the ticket (the chat ended).
   */
  stop(tenantId: string, ticketId: string, side: 'agent' | 'visitor', agentId?: string) {
    const one = agentId && this.key(tenantId, ticketId, side, agentId);
    const all = this.key(tenantId, ticketId, side);
    for (const [k, old] of [...this.timers]) {
      if (one ? k !== one : !k.startsWith(all)) continue;
      clearTimeout(old.timer);
      this.timers.delete(k);
      this.send(tenantId, old.typist, false, null);
    }
  }

  close() {
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
  }
}
