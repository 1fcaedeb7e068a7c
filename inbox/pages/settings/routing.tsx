// Routing: the ordered rules every new ticket meets (widget, email, chat, API) before auto-assignment. Each rule's
// conditions (channel, words, tags, custom fields, requester domain) pick tickets; its actions set team, priority,
// tags and assignee. Later rules override earlier ones; tags add up; "stop" ends the run.
import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { can } from '../../state/session.ts';
import { agents, agentName, loadAgents } from '../../state/agents.ts';
import { customFields, loadCustomFields, type CustomField } from '../../state/custom-fields.ts';
import type { Priority, RoutingRule, Team } from '../../types.ts';
import type { CHANNELS } from '../../../server/tickets/schemas.ts';
import { ListTable } from '../../components/list-table.tsx';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';
import { useLoad } from '../../components/use-load.ts';
import { keepFocus } from '../../components/focus.ts';
import { cap } from '../../components/format.ts';
import { FormActions } from '../../components/form-actions.tsx';

type Channel = (typeof CHANNELS)[number];
const CHANNEL_LIST: Channel[] = ['widget', 'email', 'chat', 'api', 'inbox', 'phone'];
const PRIORITY_LIST: Priority[] = ['low', 'normal', 'high', 'urgent'];

/** The rule form as typed: lists as comma-separated text, custom field values by key ('' = no condition). */
export interface RuleDraft {
  id?: string;
  name: string;
  enabled: boolean;
  stopProcessing: boolean;
  channels: Channel[];
  keywords: string;
  tags: string;
  domains: string;
  fields: Record<string, string>;
  teamId: string;
  priority: string;
  addTags: string;
  assigneeId: string;
}

export const EMPTY_RULE: RuleDraft = {
  name: '',
  enabled: true,
  stopProcessing: false,
  channels: [],
  keywords: '',
  tags: '',
  domains: '',
  fields: {},
  teamId: '',
  priority: '',
  addTags: '',
  assigneeId: '',
};

const list = (raw: string) => [
  ...new Set(
    raw
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];
const tagList = (raw: string) => list(raw.replace(/\s*,\s*/g, ',')).map((t) => t.replace(/\s+/g, '-'));

/** A typed field value as the API compares it: numbers for number fields, true/false for checkboxes. */
function fieldValue(def: CustomField | undefined, raw: string): string | number | boolean {
  if (def?.type === 'number' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (def?.type === 'checkbox') return raw === 'true';
  return raw;
}

/** The body the rule form sends: only the conditions and actions filled in. */
export function ruleBody(d: RuleDraft, defs: CustomField[] = []) {
  const conditions: RoutingRule['conditions'] = {};
  if (d.channels.length) conditions.channel = d.channels;
  if (list(d.keywords).length) conditions.keywords = list(d.keywords);
  if (tagList(d.tags).length) conditions.tags = tagList(d.tags);
  if (list(d.domains).length) conditions.requesterDomain = list(d.domains).map((x) => x.replace(/^@/, ''));
  const fields = Object.entries(d.fields).filter(([, v]) => v !== '');
  if (fields.length)
    conditions.customFields = Object.fromEntries(
      fields.map(([k, v]) => [
        k,
        fieldValue(
          defs.find((f) => f.key === k),
          v,
        ),
      ]),
    );
  const actions: RoutingRule['actions'] = {};
  if (d.teamId) actions.teamId = d.teamId;
  if (d.priority) actions.priority = d.priority as Priority;
  if (tagList(d.addTags).length) actions.tags = tagList(d.addTags);
  if (d.assigneeId) actions.assigneeId = d.assigneeId;
  return { name: d.name.trim(), enabled: d.enabled, stopProcessing: d.stopProcessing, conditions, actions };
}

/** A stored rule as the form shows it. */
export function draftOf(r: RoutingRule): RuleDraft {
  const c = r.conditions;
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    stopProcessing: r.stopProcessing,
    channels: c.channel ?? [],
    keywords: (c.keywords ?? []).join(', '),
    tags: (c.tags ?? []).join(', '),
    domains: (c.requesterDomain ?? []).join(', '),
    fields: Object.fromEntries(Object.entries(c.customFields ?? {}).map(([k, v]) => [k, String(v)])),
    teamId: r.actions.teamId ?? '',
    priority: r.actions.priority ?? '',
    addTags: (r.actions.tags ?? []).join(', '),
    assigneeId: r.actions.assigneeId ?? '',
  };
}

/** One line each for what a rule looks for and what it does. */
export function describeRule(r: RoutingRule, teamName: (id: string) => string, agent: (id: string) => string) {
  const c = r.conditions;
  const when: string[] = [];
  if (c.channel) when.push(`channel is ${c.channel.join(' or ')}`);
  if (c.keywords) when.push(`mentions ${c.keywords.map((k) => `“${k}”`).join(' or ')}`);
  if (c.tags) when.push(`tagged ${c.tags.join(' or ')}`);
  if (c.customFields)
    when.push(...Object.entries(c.customFields).map(([k, v]) => `${k} is ${typeof v === 'string' ? `“${v}”` : v}`));
  if (c.requesterDomain) when.push(`from ${c.requesterDomain.map((d) => `@${d}`).join(' or ')}`);
  const then: string[] = [];
  const a = r.actions;
  if (a.teamId) then.push(`team ${teamName(a.teamId)}`);
  if (a.priority) then.push(`priority ${a.priority}`);
  if (a.tags) then.push(`add tags ${a.tags.join(', ')}`);
  if (a.assigneeId) then.push(`assign to ${agent(a.assigneeId)}`);
  return {
    when: when.length ? `When ${when.join(', and ')}` : 'Every new ticket',
    then: then.length ? `Then ${then.join('; ')}${r.stopProcessing ? '; stop' : ''}` : 'Does nothing',
  };
}

/** The ids in their new order after moving the one at `index` by `delta` (the same list at the ends). */
export function movedIds(ids: string[], index: number, delta: -1 | 1): string[] {
  const j = index + delta;
  if (j < 0 || j >= ids.length) return ids;
  const out = [...ids];
  [out[index], out[j]] = [out[j], out[index]];
  return out;
}

function RuleForm({
  draft,
  teams,
  onDone,
}: {
  draft: RuleDraft;
  teams: Team[];
  onDone: (saved: RoutingRule | null) => void;
}) {
  const [d, setD] = useState(draft);
  const [error, setError] = useState<unknown>(null);
  const form = d.id ? `rule-${d.id}` : 'rule-new';
  const id = (name: string) => `${form}-${name}`;
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const body = ruleBody(d, customFields.value);
      const saved = d.id
        ? await api.patch<RoutingRule>(`/routing-rules/${d.id}`, body)
        : await api.post<RoutingRule>('/routing-rules', body);
      onDone(saved);
    } catch (err) {
      setError(err);
    }
  }
  const errors = formErrors(error, {
    name: 'Rule name',
    'conditions.channel': 'Channel',
    'conditions.keywords': 'Words',
    'conditions.tags': 'Tags',
    'conditions.requesterDomain': 'Requester domains',
    'conditions.customFields': 'Custom fields',
    'actions.teamId': 'Team',
    'actions.priority': 'Priority',
    'actions.tags': 'Tags to add',
    'actions.assigneeId': 'Assignee',
  });
  const text = (name: keyof RuleDraft, label: string, key: string, placeholder: string, help?: string) => (
    <div>
      <label for={id(name)}>{label}</label>
      <input
        id={id(name)}
        placeholder={placeholder}
        value={d[name] as string}
        onInput={(e) => setD({ ...d, [name]: e.currentTarget.value })}
        {...invalidProps(errors, form, key, help ? id(`${name}-help`) : undefined)}
      />
      <FieldMessage errors={errors} form={form} name={key} />
      {help && (
        <p class="help" id={id(`${name}-help`)}>
          {help}
        </p>
      )}
    </div>
  );
  return (
    <form
      class={d.id ? 'form edit-rule' : 'card form'}
      onSubmit={save}
      aria-label={d.id ? `Edit rule ${draft.name}` : 'New routing rule'}
    >
      {!d.id && <h2>New routing rule</h2>}
      <label for={id('name')}>Rule name</label>
      <input
        id={id('name')}
        required
        maxLength={100}
        value={d.name}
        onInput={(e) => setD({ ...d, name: e.currentTarget.value })}
        {...invalidProps(errors, form, 'name')}
      />
      <FieldMessage errors={errors} form={form} name="name" />
      <fieldset>
        <legend>When a new ticket… (every condition filled in must hold)</legend>
        <fieldset class="checks">
          <legend>Comes in by (any; none ticked: any channel)</legend>
          {CHANNEL_LIST.map((ch) => (
            <label class="check" key={ch}>
              <input
                type="checkbox"
                checked={d.channels.includes(ch)}
                onChange={(e) =>
                  setD({
                    ...d,
                    channels: e.currentTarget.checked ? [...d.channels, ch] : d.channels.filter((x) => x !== ch),
                  })
                }
              />{' '}
              {ch === 'api' ? 'API' : cap(ch)}
            </label>
          ))}
        </fieldset>
        <FieldMessage errors={errors} form={form} name="conditions.channel" />
        {text(
          'keywords',
          'Mentions any of these words',
          'conditions.keywords',
          'refund, invoice, charged twice',
          'Comma-separated; found in the subject or the first message, in any case.',
        )}
        {text('tags', 'Has any of these tags', 'conditions.tags', 'vip, billing')}
        {text(
          'domains',
          'Requester email domain',
          'conditions.requesterDomain',
          'example.com',
          'Comma-separated; subdomains count too.',
        )}
        {customFields.value.length > 0 && (
          <fieldset>
            <legend>Custom fields (left empty: any value)</legend>
            <div class="row">
              {customFields.value.map((f) => (
                <div key={f.key}>
                  <label for={id(`cf-${f.key}`)}>{f.label}</label>
                  {f.type === 'select' || f.type === 'checkbox' ? (
                    <select
                      id={id(`cf-${f.key}`)}
                      value={d.fields[f.key] ?? ''}
                      onChange={(e) => setD({ ...d, fields: { ...d.fields, [f.key]: e.currentTarget.value } })}
                    >
                      <option value="">Any</option>
                      {(f.type === 'checkbox' ? ['true', 'false'] : f.options).map((o) => (
                        <option key={o} value={o}>
                          {f.type === 'checkbox' ? (o === 'true' ? 'Ticked' : 'Not ticked') : o}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input
                      id={id(`cf-${f.key}`)}
                      value={d.fields[f.key] ?? ''}
                      onInput={(e) => setD({ ...d, fields: { ...d.fields, [f.key]: e.currentTarget.value } })}
                    />
                  )}
                </div>
              ))}
            </div>
            <FieldMessage errors={errors} form={form} name="conditions.customFields" />
          </fieldset>
        )}
      </fieldset>
      <fieldset>
        <legend>Then</legend>
        <div class="row">
          <div>
            <label for={id('team')}>Team</label>
            <select
              id={id('team')}
              value={d.teamId}
              onChange={(e) => setD({ ...d, teamId: e.currentTarget.value })}
              {...invalidProps(errors, form, 'actions.teamId')}
            >
              <option value="">Leave as is</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <FieldMessage errors={errors} form={form} name="actions.teamId" />
          </div>
          <div>
            <label for={id('priority')}>Priority</label>
            <select
              id={id('priority')}
              value={d.priority}
              onChange={(e) => setD({ ...d, priority: e.currentTarget.value })}
            >
              <option value="">Leave as is</option>
              {PRIORITY_LIST.map((p) => (
                <option key={p} value={p}>
                  {cap(p)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for={id('assignee')}>Assignee</label>
            <select
              id={id('assignee')}
              value={d.assigneeId}
              onChange={(e) => setD({ ...d, assigneeId: e.currentTarget.value })}
              {...invalidProps(errors, form, 'actions.assigneeId')}
            >
              <option value="">Leave as is (auto-assignment)</option>
              {agents.value
                .filter((a) => a.status === 'active' || a.id === d.assigneeId)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
            </select>
            <FieldMessage errors={errors} form={form} name="actions.assigneeId" />
          </div>
        </div>
        {text('addTags', 'Add tags', 'actions.tags', 'billing')}
      </fieldset>
      <label class="check">
        <input
          type="checkbox"
          checked={d.stopProcessing}
          onChange={(e) => setD({ ...d, stopProcessing: e.currentTarget.checked })}
        />{' '}
        Stop here: later rules do not run for a ticket this rule matches
      </label>
      <label class="check">
        <input type="checkbox" checked={d.enabled} onChange={(e) => setD({ ...d, enabled: e.currentTarget.checked })} />{' '}
        Enabled
      </label>
      <FormSummary errors={errors} />
      <FormActions label={d.id ? 'Save rule' : 'Add rule'} onCancel={d.id ? () => onDone(null) : undefined} />
    </form>
  );
}

export function RoutingTab() {
  const editable = can('settings:update');
  const rules = useLoad(() => api.get<Page<RoutingRule>>('/routing-rules'), []);
  const teams = useLoad(
    () => (can('teams:read') ? api.get<Page<Team>>('/teams') : Promise.resolve({ data: [], nextCursor: null })),
    [],
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [formKey, setFormKey] = useState(0);
  useEffect(() => {
    void loadAgents(true);
    void loadCustomFields(true);
  }, []);
  const teamList = teams.data?.data ?? [];
  const teamName = (id: string) => teamList.find((t) => t.id === id)?.name ?? 'a deleted team';
  const all = rules.data?.data ?? [];

  async function act(run: () => Promise<unknown>, done: string) {
    setError(null);
    setNote('');
    try {
      await run();
      setNote(done);
    } catch (err) {
      setError(err);
    }
    await rules.reload();
  }
  async function move(index: number, delta: -1 | 1) {
    const ids = movedIds(
      all.map((r) => r.id),
      index,
      delta,
    );
    const r = all[index];
    await act(() => api.put('/routing-rules/order', { ids }), `Moved “${r.name}” ${delta < 0 ? 'up' : 'down'}.`);
    keepFocus(`rule-${delta < 0 ? 'up' : 'down'}-${r.id}`, `rule-${delta < 0 ? 'down' : 'up'}-${r.id}`);
  }
  const toggle = (r: RoutingRule) =>
    act(
      () => api.patch(`/routing-rules/${r.id}`, { enabled: !r.enabled }),
      `${r.enabled ? 'Disabled' : 'Enabled'} “${r.name}”.`,
    );
  async function remove(r: RoutingRule) {
    if (!confirm(`Delete the routing rule “${r.name}”? Tickets it routed keep their team and tags.`)) return;
    await act(() => api.del(`/routing-rules/${r.id}`), `Deleted “${r.name}”.`);
  }

  return (
    <div class="stack">
      <section class="card" aria-labelledby="rules-title">
        <h2 id="rules-title">Routing rules</h2>
        <p class="help">
          Every new ticket — from the widget, email, live chat or the API — meets the enabled rules from top to bottom,
          before auto-assignment. A later rule overrides an earlier one's team, priority and assignee; tags add up. What
          whoever filed the ticket chose stays.
        </p>
        <ListTable
          columns={['#', 'Rule', 'Status', editable && 'Order']}
          empty={!!rules.data && all.length === 0 && 'No routing rules yet.'}
          class="table-middle"
        >
          {all.map((r, i) => {
            const said = describeRule(r, teamName, agentName);
            return editing === r.id ? (
              <tr key={r.id}>
                <td colSpan={5}>
                  <RuleForm
                    draft={draftOf(r)}
                    teams={teamList}
                    onDone={(saved) => {
                      setEditing(null);
                      if (saved) {
                        setNote(`Saved “${saved.name}”.`);
                        void rules.reload();
                      }
                      keepFocus(`rule-edit-${r.id}`);
                    }}
                  />
                </td>
              </tr>
            ) : (
              <tr key={r.id} class={r.enabled ? undefined : 'muted'}>
                <td>{i + 1}</td>
                <td>
                  <strong>{r.name}</strong>
                  <div>{said.when}</div>
                  <div class="muted">{said.then}</div>
                </td>
                <td>
                  <span class={`pill ${r.enabled ? 'pill-active' : 'pill-disabled'}`}>
                    {r.enabled ? 'enabled' : 'disabled'}
                  </span>
                </td>
                {editable && (
                  <td class="nowrap">
                    <button
                      id={`rule-up-${r.id}`}
                      class="btn btn-small"
                      type="button"
                      aria-label={`Move ${r.name} up`}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </button>{' '}
                    <button
                      id={`rule-down-${r.id}`}
                      class="btn btn-small"
                      type="button"
                      aria-label={`Move ${r.name} down`}
                      disabled={i === all.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </button>
                  </td>
                )}
                <td class="nowrap">
                  {editable && (
                    <>
                      <button
                        id={`rule-edit-${r.id}`}
                        class="btn btn-small"
                        type="button"
                        aria-label={`Edit ${r.name}`}
                        onClick={() => (setNote(''), setEditing(r.id))}
                      >
                        Edit
                      </button>{' '}
                      <button
                        class="btn btn-small"
                        type="button"
                        aria-label={`${r.enabled ? 'Disable' : 'Enable'} ${r.name}`}
                        onClick={() => toggle(r)}
                      >
                        {r.enabled ? 'Disable' : 'Enable'}
                      </button>{' '}
                      <button
                        class="btn btn-small btn-danger-ghost"
                        type="button"
                        aria-label={`Delete ${r.name}`}
                        onClick={() => remove(r)}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </ListTable>
        <ErrorNotice error={rules.error || error} />
        {note && <Success>{note}</Success>}
      </section>
      {editable && (
        <RuleForm
          key={formKey}
          draft={EMPTY_RULE}
          teams={teamList}
          onDone={(saved) => {
            if (!saved) return;
            setFormKey((k) => k + 1);
            setNote(`Added “${saved.name}” at the end of the list.`);
            void rules.reload();
          }}
        />
      )}
    </div>
  );
}
