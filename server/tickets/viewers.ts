// Who is looking at which ticket (collision warnings): the inbox sends a heartbeat while the ticket is open; each
// holds VIEWING_TTL_MS. Changes go out on the signal bus as `viewing` signals (agents only, never replayed), beside
// the typing signals, and expire on the server: by a timer, and by the clock whenever the list is read.
import type { SignalBus } from '../chat/signal-bus.ts';
import { VIEWING_TTL_MS } from './schemas.ts';

export interface Viewer {
  ticketId: string;
  agentId: string;
  name: string | null;
}

interface Entry {
  viewer: Viewer;
  expiresAt: number;
  timer: NodeJS.Timeout;
}

export class ViewerTracker {
  private entries = new Map<string, Entry>();

  constructor(
    private bus: SignalBus,
    private now: () => Date,
    private ttlMs = VIEWING_TTL_MS,
  ) {}

  private key = (tenantId: string, ticketId: string, agentId: string) => `${tenantId}\u0000${ticketId}\u0000${agentId}`;

  private send(tenantId: string, v: Viewer, expiresAt: number | null) {
    this.bus.publish(tenantId, {
      type: 'viewing',
      data: {
        ...v,
        viewing: expiresAt !== null,
        expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
      },
      audience: 'agents',
      visitorScope: null,
      ticketId: v.ticketId,
    });
  }

  private drop(k: string, tenantId: string) {
    const e = this.entries.get(k);
    if (!e) return;
    clearTimeout(e.timer);
    this.entries.delete(k);
    this.send(tenantId, e.viewer, null);
  }

  /** A heartbeat: the agent is viewing the ticket for the next ttl. */
  touch(tenantId: string, v: Viewer) {
    const k = this.key(tenantId, v.ticketId, v.agentId);
    const old = this.entries.get(k);
    if (old) clearTimeout(old.timer);
    const expiresAt = this.now().getTime() + this.ttlMs;
    const timer = setTimeout(() => this.drop(k, tenantId), this.ttlMs);
    timer.unref?.();
    this.entries.set(k, { viewer: v, expiresAt, timer });
    this.send(tenantId, v, expiresAt);
  }

  /** The agent left the ticket. */
  leave(tenantId: string, ticketId: string, agentId: string) {
    this.drop(this.key(tenantId, ticketId, agentId), tenantId);
  }

  /** Who views the ticket now (this node's heartbeats), lapsed ones dropped first. */
  list(tenantId: string, ticketId: string): { agentId: string; name: string | null; expiresAt: string }[] {
    const now = this.now().getTime();
    const out = [];
    const prefix = `${tenantId}\u0000${ticketId}\u0000`;
    for (const [k, e] of [...this.entries]) {
      if (!k.startsWith(prefix)) continue;
      if (e.expiresAt <= now) this.drop(k, tenantId);
      else out.push({ agentId: e.viewer.agentId, name: e.viewer.name, expiresAt: new Date(e.expiresAt).toISOString() });
    }
    return out;
  }

  close() {
    for (const e of this.entries.values()) clearTimeout(e.timer);
    this.entries.clear();
  }
}
