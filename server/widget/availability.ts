// Whether the team is in right now, by the tenant's business hours, and what the widget tells a visitor if not.
import { addBusinessMinutes, type BusinessHours } from '../sla/business-hours.ts';

const AWAY: Record<string, (when: string) => string> = {
  en: (when) => `We're away right now. We'll reply from ${when}.`,
  de: (when) => `Wir sind gerade nicht da. Wir antworten ab ${when}.`,
  ar: (when) => `نحن غير متاحين الآن. سنرد ابتداءً من ${when}.`,
};

export interface Availability {
  open: boolean;
  /** When the team is next in, if it is out now. */
  opensAt: string | null;
  message: string | null;
}

export function availability(bh: BusinessHours | null | undefined, now: Date, locale: string): Availability {
  const opensAt = addBusinessMinutes(now, 0, bh);
  if (!opensAt || opensAt.getTime() <= now.getTime()) return { open: true, opensAt: null, message: null };
  const when = new Intl.DateTimeFormat(locale, {
    timeZone: bh?.timezone ?? 'UTC',
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(opensAt);
  return { open: false, opensAt: opensAt.toISOString(), message: (AWAY[locale] ?? AWAY.en)(when) };
}
