// The contact form: the draft, its checks, article suggestions while the subject is typed, and submitting it.
import { batch, signal } from '../signals.ts';
import { ApiError, type Api, type SearchHit, type Ticket } from '../api.ts';
import type { CustomField } from '../config.ts';
import type { Files } from './attachments.ts';
import { fieldErrors } from './field-errors.ts';
import type { HostEvents } from './host-events.ts';
import type { Shell } from './shell.ts';
import type { Visitor } from './visitor.ts';

export type Draft = {
  name: string;
  email: string;
  subject: string;
  message: string;
  website: string;
  custom: Record<string, string | boolean>;
};
export type Prefill = Partial<Record<'name' | 'email' | 'subject' | 'message', string>> & {
  customFields?: Draft['custom'];
};

const EMPTY: Draft = { name: '', email: '', subject: '', message: '', website: '', custom: {} };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A random id per ticket form, kept in memory only: enough for the server to link suggestions to their outcome. */
const newSession = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b % 36).toString(36)).join('');

export type Form = ReturnType<typeof createForm>;

export function createForm(
  api: Api,
  shell: Shell,
  visitor: Visitor,
  events: HostEvents,
  customFields: CustomField[],
  features: { kb: boolean; tickets: boolean },
  files: Files,
) {
  const draft = signal<Draft>({ ...EMPTY });
  const errors = signal<Record<string, string>>({});
  const suggestions = signal<SearchHit[]>([]);
  const sent = signal<Ticket | null>(null);
  let startedAt = 0;
  let session = newSession();

  /** A fresh form for the next request; who the visitor is stays filled in. */
  function reset() {
    batch(() => {
      draft.value = { ...EMPTY, name: draft.value.name, email: draft.value.email };
      suggestions.value = [];
    });
    startedAt = 0;
    session = newSession();
  }

  function setField(k: keyof Omit<Draft, 'custom'>, v: string) {
    if (!startedAt) startedAt = Date.now();
    draft.value = { ...draft.value, [k]: v };
    if (errors.value[k]) errors.value = { ...errors.value, [k]: '' };
  }
  function setCustom(k: string, v: string | boolean) {
    draft.value = { ...draft.value, custom: { ...draft.value.custom, [k]: v } };
  }

  async function suggest(text: string) {
    if (!features.kb || text.trim().length < 3) return void (suggestions.value = []);
    try {
      const { data } = await api.suggest(text, shell.locale.value, session);
      if (draft.value.subject === text) suggestions.value = data.slice(0, 3);
    } catch {
      // suggestions are a help, never a blocker
    }
  }

  function validate(): boolean {
    const d = draft.value;
    const e: Record<string, string> = {};
    // Missing: nothing or only spaces typed, an unchecked box, an untouched custom field.
    const need = (k: string, v: string | boolean | undefined) => {
      if (!(typeof v === 'string' ? v.trim() : v)) e[k] = shell.t.value.required;
    };
    need('email', d.email);
    if (!e.email && !EMAIL.test(d.email.trim())) e.email = shell.t.value.badEmail;
    need('subject', d.subject);
    need('message', d.message);
    for (const f of customFields) if (f.required) need(`cf-${f.key}`, d.custom[f.key]);
    errors.value = e;
    return !Object.keys(e).length;
  }

  async function submit(): Promise<boolean> {
    if (shell.busy.value) return false;
    if (!validate()) {
      shell.problem.value = shell.t.value.fixErrors;
      return false;
    }
    shell.busy.value = true;
    shell.problem.value = '';
    const d = draft.value;
    try {
      const ids = await files.ids();
      // A number field's input holds text; the server takes a number.
      const number = (k: string) => customFields.some((f) => f.key === k && f.type === 'number');
      const custom = Object.fromEntries(
        Object.entries(d.custom).flatMap(([k, v]) => (v === '' ? [] : [[k, number(k) ? Number(v) : v]])),
      );
      const res = await api.createTicket({
        subject: d.subject.trim(),
        message: d.message.trim(),
        email: d.email.trim(),
        name: d.name.trim() || undefined, // undefined is left out of the JSON
        customFields: customFields.length ? custom : undefined,
        website: d.website,
        elapsedMs: Date.now() - startedAt,
        session,
        attachmentIds: ids.length ? ids : undefined,
      });
      batch(() => {
        visitor.adopt(res);
        sent.value = res.ticket;
        reset();
        files.clear();
      });
      shell.go('sent');
      shell.say(shell.t.value.sentTitle);
      events.emit('ticket:created', { id: res.ticket.id, number: res.ticket.number, subject: res.ticket.subject });
      return true;
    } catch (e) {
      const mapped =
        e instanceof ApiError && e.status === 422 ? fieldErrors(e.errors, shell.t.value, customFields) : null;
      if (mapped) errors.value = mapped;
      shell.problem.value = mapped ? shell.t.value.fixErrors : shell.explain(e);
      return false;
    } finally {
      shell.busy.value = false;
    }
  }

  function prefill(p: Prefill) {
    const d = { ...draft.value, custom: { ...draft.value.custom, ...p?.customFields } };
    for (const k of ['name', 'email', 'subject', 'message'] as const) if (typeof p?.[k] === 'string') d[k] = p[k];
    draft.value = d;
    // A page that prefills a request wants the form in front of the visitor when the panel opens.
    if (features.tickets && (p?.subject || p?.message) && (shell.view.value === 'help' || shell.view.value === 'sent'))
      shell.go('contact');
  }

  // What the widget already knows about the visitor fills an empty email and name (their last ticket, identify).
  visitor.person.subscribe((p) => {
    const d = draft.value;
    if (p) draft.value = { ...d, email: d.email || p.email, name: d.name || p.name || '' };
  });
  // The fill time starts when the form is first shown (or typed in), for the server's "too fast to be a person" check.
  shell.view.subscribe((v) => {
    if (v === 'contact' && !startedAt) startedAt = Date.now();
  });

  return {
    customFields,
    formFiles: files,
    draft,
    errors,
    suggestions,
    sent,
    session: () => session,
    reset,
    setField,
    setCustom,
    suggest,
    submit,
    prefill,
  };
}
