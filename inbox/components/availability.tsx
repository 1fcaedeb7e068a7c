// The agent's live chat availability in the top bar: Online / Away / Offline (a labelled select), with a dot.
import { availability, availabilityError, chooseAvailability, chosen, idle } from '../state/chat.ts';
import type { PresenceStatus } from '../types.ts';

const LABELS: Record<PresenceStatus, string> = { online: 'Online', away: 'Away', offline: 'Offline' };

export function AvailabilityControl() {
  const shown = availability.value;
  const auto = idle.value && chosen.value === 'online';
  const error = availabilityError.value;
  const hint = auto
    ? 'Away: no activity for a while. Back online as soon as you use the inbox.'
    : shown === 'online'
      ? 'Online: new chats come to you'
      : shown === 'away'
        ? 'Away: you keep your chats but get no new ones'
        : 'Offline: no chats';
  return (
    <span class={`availability availability-${shown}`} title={error ?? hint}>
      <span class="availability-dot" aria-hidden="true" />
      <label for="availability" class="sr-only">
        Availability
      </label>
      <select
        id="availability"
        value={shown}
        aria-describedby="availability-hint"
        onChange={(e) => chooseAvailability(e.currentTarget.value as PresenceStatus)}
      >
        {(Object.keys(LABELS) as PresenceStatus[]).map((s) => (
          <option key={s} value={s}>
            {LABELS[s]}
          </option>
        ))}
      </select>
      <span id="availability-hint" class="sr-only">
        {error ? `Not saved: ${error}` : hint}
      </span>
    </span>
  );
}
