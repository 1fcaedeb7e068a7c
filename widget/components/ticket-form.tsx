// The contact form: name, email, subject (with article suggestions), message, the tenant's custom fields, honeypot.
import { useRef } from '../signals.ts';
import type { Store } from '../store.ts';
import type { CustomField } from '../config.ts';
import { fill } from '../../i18n/index.ts';
import { ArticleList } from './kb-search.tsx';
import { Problem } from './problem.tsx';
import { FilePicker, pasteInto } from './attachments.tsx';

interface FieldProps {
  s: Store;
  k: string;
  label: string;
  value: string | boolean | undefined;
  set: (v: string | boolean) => void;
  optional?: boolean;
  type?: CustomField['type'] | 'email' | 'area';
  options?: string[];
  auto?: string;
}

/** One labelled control with its error line; text, email, textarea, number, date, select or checkbox. */
function Field({ s, k, label, value, set, optional, type = 'text', options, auto }: FieldProps) {
  const id = `hd-${k}`;
  const err = s.errors.value[k];
  const check = type === 'checkbox';
  const props = {
    id,
    name: k,
    required: !optional,
    autocomplete: auto,
    'aria-invalid': err ? ('true' as const) : undefined,
    'aria-describedby': err ? `${id}-e` : undefined,
    onInput: (e: Event) => {
      const el = e.currentTarget as HTMLInputElement;
      set(check ? el.checked : el.value);
    },
  };
  const text = (
    <>
      {label}
      {optional && <span class="opt"> ({s.t.value.optional})</span>}
    </>
  );
  return (
    <div class="f">
      {check ? (
        <label>
          <input {...props} type="checkbox" checked={value === true} />
          {text}
        </label>
      ) : (
        <label for={id}>{text}</label>
      )}
      {type === 'area' ? (
        <textarea {...props} value={String(value ?? '')} />
      ) : type === 'select' ? (
        <select {...props} value={String(value ?? '')}>
          <option value="" />
          {options?.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      ) : (
        !check && <input {...props} type={type as 'text'} value={String(value ?? '')} />
      )}
      {err && (
        <p class="err" id={`${id}-e`}>
          {err}
        </p>
      )}
    </div>
  );
}

export function TicketForm({ s }: { s: Store }) {
  const t = s.t.value;
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const d = s.draft.value;
  const sugg = s.suggestions.value;
  const busy = s.busy.value;

  async function send(e?: Event) {
    e?.preventDefault();
    if (!(await s.submit())) form.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
  }

  return (
    <form ref={form} noValidate onSubmit={send} onPaste={pasteInto(s.formFiles)}>
      {s.notice.value && <p class="ok">{s.notice.value}</p>}
      <Field
        s={s}
        k="name"
        label={t.name}
        value={d.name}
        set={(v) => s.setField('name', v as string)}
        optional
        auto="name"
      />
      <Field
        s={s}
        k="email"
        label={t.email}
        value={d.email}
        set={(v) => s.setField('email', v as string)}
        type="email"
        auto="email"
      />
      <Field
        s={s}
        k="subject"
        label={t.subject}
        value={d.subject}
        auto="off"
        set={(v) => {
          s.setField('subject', v as string);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => void s.suggest(v as string), 250);
        }}
      />
      {sugg.length > 0 && (
        <div class="sugg" role="region" aria-label={t.suggested}>
          <p>{t.suggested}</p>
          <ArticleList s={s} items={sugg} from="contact" />
        </div>
      )}
      <Field
        s={s}
        k="message"
        label={t.message}
        value={d.message}
        set={(v) => s.setField('message', v as string)}
        type="area"
      />
      <FilePicker s={s} f={s.formFiles} />
      {s.customFields.map((f) => (
        <Field
          key={f.key}
          s={s}
          k={`cf-${f.key}`}
          label={f.label}
          value={d.custom[f.key]}
          set={(v) => s.setCustom(f.key, v)}
          optional={!f.required}
          type={f.type}
          options={f.options}
        />
      ))}
      {/* Honeypot: invisible and unreachable for people, tempting for form-filling bots. */}
      <div class="hp" aria-hidden="true">
        <input
          name="website"
          tabIndex={-1}
          autocomplete="off"
          value={d.website}
          onInput={(e) => s.setField('website', e.currentTarget.value)}
        />
      </div>
      <Problem s={s} retry={Object.values(s.errors.value).some(Boolean) ? undefined : send} />
      <button class="btn wide" type="submit" disabled={busy}>
        {busy ? t.sending : t.send}
      </button>
    </form>
  );
}

export function Sent({ s }: { s: Store }) {
  const t = s.t.value;
  return (
    <div>
      <h3 tabIndex={-1} data-focus>
        {t.sentTitle}
      </h3>
      <p>{fill(t.sentBody, { n: s.sent.value?.number ?? '', email: s.draft.value.email })}</p>
      <div class="row">
        <button type="button" class="btn" onClick={() => s.go('tickets')}>
          {t.viewTickets}
        </button>
      </div>
    </div>
  );
}
