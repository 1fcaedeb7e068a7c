// Live chat settings (settings.chat): offer chat in the widget, chats per agent at once, when an unanswered chat
// becomes a ticket. Saving updates the signed-in session, so Availability and Chats appear or go at once.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { me, can } from '../../state/session.ts';
import type { Tenant } from '../../types.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { useLoad } from '../../components/use-load.ts';

export interface ChatForm {
  enabled: boolean;
  maxConcurrentChats: string;
  unansweredAfterMinutes: string;
}

/** The form from stored settings, with the server's defaults where nothing is stored. */
export function chatFormOf(s: Tenant['settings']): ChatForm {
  return {
    enabled: s.chat?.enabled ?? false,
    maxConcurrentChats: String(s.chat?.maxConcurrentChats ?? 3),
    unansweredAfterMinutes: String(s.chat?.unansweredAfterMinutes ?? 5),
  };
}

/** The PATCH body: the whole chat object (settings merge per key, so chat is replaced as one). */
export function chatSettingsOf(f: ChatForm): Pick<Tenant['settings'], 'chat'> {
  return {
    chat: {
      enabled: f.enabled,
      maxConcurrentChats: Number(f.maxConcurrentChats),
      unansweredAfterMinutes: Number(f.unansweredAfterMinutes),
    },
  };
}

export function LiveChatTab() {
  const tenantId = me.value!.tenant.id;
  const editable = can('settings:update');
  const t = useLoad(() => api.get<Tenant>(`/tenants/${tenantId}`), [tenantId]);
  const [form, setForm] = useState<ChatForm | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (t.data) setForm(chatFormOf(t.data.settings));
  }, [t.data]);
  if (t.error) return <ErrorNotice error={t.error} />;
  if (!form) return <p class="muted">Loading…</p>;
  const change = (p: Partial<ChatForm>) => (setSaved(false), setForm({ ...form, ...p }));

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const next = await api.patch<Tenant>(`/tenants/${tenantId}`, { settings: chatSettingsOf(form!) });
      t.set(next);
      if (me.value) me.value = { ...me.value, tenant: next };
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form class="card form" onSubmit={save} aria-labelledby="chat-settings-title">
      <h2 id="chat-settings-title">Live chat</h2>
      <p class="help">
        Visitors get a conversation instead of the form while an agent is online, on sites whose snippet has{' '}
        <code>features: {'{ liveChat: true }'}</code>. Agents choose Online in Availability at the top right.
      </p>
      <fieldset disabled={!editable}>
        <label class="check">
          <input
            type="checkbox"
            checked={form.enabled}
            onChange={(e) => change({ enabled: e.currentTarget.checked })}
          />{' '}
          Offer live chat in the widget
        </label>
        <label for="chat-max">Chats per agent at once</label>
        <input
          id="chat-max"
          type="number"
          min={1}
          max={50}
          required
          value={form.maxConcurrentChats}
          aria-describedby="chat-max-help"
          onInput={(e) => change({ maxConcurrentChats: e.currentTarget.value })}
        />
        <p id="chat-max-help" class="help">
          More chats wait in the queue until an agent has room.
        </p>
        <label for="chat-unanswered">Unanswered chat becomes a ticket after (minutes)</label>
        <input
          id="chat-unanswered"
          type="number"
          min={1}
          max={1440}
          required
          value={form.unansweredAfterMinutes}
          aria-describedby="chat-unanswered-help"
          onInput={(e) => change({ unansweredAfterMinutes: e.currentTarget.value })}
        />
        <p id="chat-unanswered-help" class="help">
          Also when the visitor has left: the answer then goes by email, if they gave one.
        </p>
        <button class="btn btn-primary" type="submit">
          Save
        </button>
      </fieldset>
      <ErrorNotice error={error} />
      {saved && <Success>Saved.</Success>}
    </form>
  );
}
