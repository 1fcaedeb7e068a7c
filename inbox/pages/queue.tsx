// The queue: views with counts, filters, search and sort; j/k move, Enter opens; live changes keep the agent's place.
import { useEffect, useRef, useState } from 'preact/hooks';
import { can, me } from '../state/session.ts';
import { href, navigate } from '../state/router.ts';
import { agents, agentName, loadAgents } from '../state/agents.ts';
import { loadMacros, macros } from '../state/macros.ts';
import { useShortcuts } from '../state/shortcuts.ts';
import * as Q from '../state/queue.ts';
import { teamQueue } from '../state/teams.ts';
import { ErrorNotice, Success } from '../components/notice.tsx';
import { PriorityBadge, SlaBadge, StatusBadge } from '../components/badges.tsx';
import { cap, relative } from '../components/format.ts';
import type { Ticket } from '../types.ts';

let booted = false;

const teamLabel = (id: string) =>
  id === 'none' ? 'No team' : (teamQueue.value?.data.find((t) => t.teamId === id)?.name ?? 'this team');

function Row({ t, selected, fresh, bulk }: { t: Ticket; selected: boolean; fresh: boolean; bulk: boolean }) {
  return (
    <li class={`trow${selected ? ' selected' : ''}${fresh ? ' fresh' : ''}`} data-id={t.id}>
      <div class="trow-head">
        {bulk && (
          <input
            type="checkbox"
            class="trow-check"
            aria-label={`Select ticket #${t.number}`}
            checked={Q.checked.value.has(t.id)}
            onChange={(e) => Q.toggleChecked(t.id, e.currentTarget.checked)}
          />
        )}
        <a
          class="trow-link"
          href={href(`/tickets/${t.id}`)}
          aria-current={selected ? 'true' : undefined}
          onFocus={() => Q.select(t.id)}
          onClick={() => Q.select(t.id)}
        >
          <span class="trow-num">#{t.number}</span>
          <span class="trow-subject">{t.subject}</span>
        </a>
      </div>
      <span class="trow-meta">
        {/* Outside the link: focusing a row clears this marker, and removing a node under the pointer between
            mousedown and mouseup would swallow the click that opens the ticket. */}
        {fresh && <span class="pill pill-new">updated</span>}
        <span class="trow-requester">{t.requester.name || t.requester.email}</span>
        <StatusBadge status={t.status} />
        <PriorityBadge priority={t.priority} />
        <SlaBadge ticket={t} />
        {t.tags.map((tag) => (
          <span class="tag" key={tag}>
            {tag}
          </span>
        ))}
        {t.teamId && <span class="trow-team">{teamLabel(t.teamId)}</span>}
        <span class="trow-assignee">{agentName(t.assigneeId)}</span>
        <time class="trow-time" dateTime={t.updatedAt} title={new Date(t.updatedAt).toLocaleString()}>
          {relative(t.updatedAt)}
        </time>
      </span>
    </li>
  );
}

function focusSelected() {
  const id = Q.selectedId.value;
  if (id) (document.querySelector(`.trow[data-id="${CSS.escape(id)}"] .trow-link`) as HTMLElement | null)?.focus();
}

/** Shown while tickets are ticked: the daily clean-ups, each in one go. */
function BulkBar({ onDone }: { onDone: (note: string) => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [tag, setTag] = useState('');
  const [untag, setUntag] = useState('');
  const [assignee, setAssignee] = useState('');
  const [priority, setPriority] = useState('');
  const [teamPick, setTeamPick] = useState('');
  const teamChoices = teamQueue.value?.data ?? [];
  const [macro, setMacro] = useState('');
  useEffect(() => {
    if (can('macros:read')) void loadMacros();
  }, []);
  const n = Q.checked.value.size;
  const shown = Q.tickets.value;
  const allShown = shown.length > 0 && shown.every((t) => Q.checked.value.has(t.id));
  const m = Q.matching.value;
  const run = (changes: Q.BulkChanges, done: string) => async () => {
    setError(null);
    setBusy(true);
    try {
      const count = await Q.bulkUpdate(changes);
      setTag('');
      setUntag('');
      // The bar closes with the selection; the queue shows this note instead.
      onDone(`${done} ${count} ticket${count === 1 ? '' : 's'}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  async function runMacro(id: string, name: string) {
    setError(null);
    setBusy(true);
    try {
      const count = await Q.bulkMacro(id);
      setMacro('');
      onDone(`Applied “${name}” to ${count} ticket${count === 1 ? '' : 's'}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  async function selectMatching() {
    setError(null);
    setBusy(true);
    try {
      await Q.checkAllMatching();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const word = (s: string) => s.trim().replace(/\s+/g, '-');
  const activeAgents = agents.value.filter((a) => a.status === 'active');
  return (
    <div class="bulk-bar" role="region" aria-label="Bulk actions" aria-busy={busy}>
      <p class="bulk-count" role="status">
        <strong>{n} selected</strong>
        {m &&
          (m.capped
            ? ` — the first ${m.total} tickets matching this view and filters. Narrow the filters to reach the rest.`
            : ` — all ${m.total} tickets matching this view and filters.`)}{' '}
        {!m && allShown && Q.nextCursor.value && (
          <button class="btn btn-small btn-link" type="button" disabled={busy} onClick={selectMatching}>
            Select all matching tickets (up to {Q.MATCHING_LIMIT})
          </button>
        )}
      </p>
      <div class="bulk-actions">
        <button
          class="btn btn-small"
          type="button"
          disabled={busy}
          onClick={run({ assigneeId: me.value?.agent?.id ?? null }, 'Assigned to you:')}
        >
          Assign to me
        </button>
        <form
          class="inline"
          onSubmit={(e) => (
            e.preventDefault(),
            assignee &&
              run(
                { assigneeId: assignee === 'none' ? null : assignee },
                assignee === 'none' ? 'Unassigned' : `Assigned to ${agentName(assignee)}:`,
              )()
          )}
        >
          <label for="bulk-assignee" class="sr-only">
            Assign to
          </label>
          <select id="bulk-assignee" value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)}>
            <option value="">Assign to…</option>
            <option value="none">Nobody (unassign)</option>
            {activeAgents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.id === me.value?.agent?.id ? ' (me)' : ''}
              </option>
            ))}
          </select>
          <button class="btn btn-small" type="submit" disabled={busy || !assignee}>
            Assign
          </button>
        </form>
        <form
          class="inline"
          onSubmit={(e) => (e.preventDefault(), priority && run({ priority }, `Priority ${priority} on`)())}
        >
          <label for="bulk-priority" class="sr-only">
            Priority to set
          </label>
          <select id="bulk-priority" value={priority} onChange={(e) => setPriority(e.currentTarget.value)}>
            <option value="">Priority…</option>
            {['urgent', 'high', 'normal', 'low'].map((p) => (
              <option key={p} value={p}>
                {cap(p)}
              </option>
            ))}
          </select>
          <button class="btn btn-small" type="submit" disabled={busy || !priority}>
            Set priority
          </button>
        </form>
        {teamChoices.length > 0 && (
          <form
            class="inline"
            onSubmit={(e) => (
              e.preventDefault(),
              teamPick &&
                run(
                  { teamId: teamPick === 'none' ? null : teamPick },
                  teamPick === 'none' ? 'Took the team off' : `Moved to ${teamLabel(teamPick)}:`,
                )()
            )}
          >
            <label for="bulk-team" class="sr-only">
              Team to set
            </label>
            <select id="bulk-team" value={teamPick} onChange={(e) => setTeamPick(e.currentTarget.value)}>
              <option value="">Team…</option>
              <option value="none">No team</option>
              {teamChoices.map((t) => (
                <option key={t.teamId} value={t.teamId}>
                  {t.name}
                </option>
              ))}
            </select>
            <button class="btn btn-small" type="submit" disabled={busy || !teamPick}>
              Set team
            </button>
          </form>
        )}
        <button
          class="btn btn-small"
          type="button"
          disabled={busy}
          onClick={run({ status: 'pending' }, 'Marked pending:')}
        >
          Mark pending
        </button>
        <button class="btn btn-small" type="button" disabled={busy} onClick={run({ status: 'resolved' }, 'Resolved')}>
          Resolve
        </button>
        <form
          class="inline"
          onSubmit={(e) => (e.preventDefault(), word(tag) && run({ addTags: [word(tag)] }, `Tagged “${word(tag)}”:`)())}
        >
          <label for="bulk-tag" class="sr-only">
            Tag to add
          </label>
          <input
            id="bulk-tag"
            placeholder="Add tag"
            size={10}
            value={tag}
            onInput={(e) => setTag(e.currentTarget.value)}
          />
          <button class="btn btn-small" type="submit" disabled={busy}>
            Add tag
          </button>
        </form>
        <form
          class="inline"
          onSubmit={(e) => (
            e.preventDefault(),
            word(untag) && run({ removeTags: [word(untag)] }, `Removed “${word(untag)}” from`)()
          )}
        >
          <label for="bulk-untag" class="sr-only">
            Tag to remove
          </label>
          <input
            id="bulk-untag"
            placeholder="Remove tag"
            size={10}
            value={untag}
            onInput={(e) => setUntag(e.currentTarget.value)}
          />
          <button class="btn btn-small" type="submit" disabled={busy}>
            Remove tag
          </button>
        </form>
        {can('macros:read') && macros.value.length > 0 && (
          <form
            class="inline"
            onSubmit={(e) => {
              e.preventDefault();
              const m = macros.value.find((x) => x.id === macro);
              if (m) void runMacro(m.id, m.name);
            }}
          >
            <label for="bulk-macro" class="sr-only">
              Macro to apply
            </label>
            <select id="bulk-macro" value={macro} onChange={(e) => setMacro(e.currentTarget.value)}>
              <option value="">Macro…</option>
              {macros.value.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
            <button class="btn btn-small" type="submit" disabled={busy || !macro}>
              Apply macro
            </button>
          </form>
        )}
        <button class="btn btn-small btn-ghost" type="button" onClick={() => Q.checkShown(false)}>
          Clear selection
        </button>
      </div>
      <ErrorNotice error={error} />
    </div>
  );
}

/**
 * Above a search's results: how many match, the view the agent came from as a chip that narrows the search to
 * it (off at first: a search covers every ticket they may see), and the way back. With no match, it says so.
 */
function SearchSummary({ q, viewLabel, onClear }: { q: string; viewLabel: string; onClear: () => void }) {
  const keep = Q.keepView.value;
  const count = Q.searchCount.value;
  const f = Q.filters.value;
  const loaded = !Q.loading.value && !Q.queueError.value;
  const none = loaded && Q.tickets.value.length === 0;
  const where = keep ? ` in ${viewLabel}` : ' in all views';
  const narrowed = f.priority || f.tag || f.assignee;
  let text = `Searching for “${q}”…`;
  if (none) text = `No tickets match “${q}”${where}${narrowed ? ' with these filters' : ''}.`;
  else if (loaded && count)
    text = count.capped
      ? `More than ${count.total} tickets match “${q}”${where}.`
      : `${count.total} ticket${count.total === 1 ? '' : 's'} match${count.total === 1 ? 'es' : ''} “${q}”${where}.`;
  return (
    <div class={`search-summary${none ? ' empty' : ''}`} role="region" aria-label="Search results">
      <p class="search-count" role="status">
        {text}
      </p>
      <div class="search-actions">
        <button
          type="button"
          class="chip chip-toggle"
          aria-pressed={keep}
          title={keep ? `Search every ticket, not only ${viewLabel}` : `Search only ${viewLabel}`}
          onClick={() => Q.setKeepView(!keep)}
        >
          {keep ? '✓ ' : ''}Only {viewLabel}
        </button>
        {none && keep && (
          <button type="button" class="btn btn-small" onClick={() => Q.setKeepView(false)}>
            Search all tickets
          </button>
        )}
        <button type="button" class={`btn btn-small${none ? ' btn-primary' : ' btn-ghost'}`} onClick={onClear}>
          Clear search, back to {viewLabel}
        </button>
      </div>
    </div>
  );
}

/** The Spam view's bulk bar: release the ticked tickets (each arrives as new) or delete them for good. */
function SpamBulkBar({ onDone }: { onDone: (note: string) => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const n = Q.checked.value.size;
  const plural = (k: number) => `${k} ticket${k === 1 ? '' : 's'}`;
  async function run(action: 'not-spam' | 'delete') {
    if (action === 'delete' && !confirm(`Delete ${plural(n)} for good? Their messages cannot be brought back.`)) return;
    setError(null);
    setBusy(true);
    try {
      const count = await Q.bulkSpam(action);
      onDone(action === 'delete' ? `Deleted ${plural(count)}.` : `Moved ${plural(count)} to the queue as new.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="bulk-bar" role="region" aria-label="Bulk actions" aria-busy={busy}>
      <p class="bulk-count" role="status">
        <strong>{n} selected</strong>
      </p>
      <div class="bulk-actions">
        <button class="btn btn-small" type="button" disabled={busy} onClick={() => run('not-spam')}>
          Not spam
        </button>
        {can('tickets:delete') && (
          <button class="btn btn-small btn-danger-ghost" type="button" disabled={busy} onClick={() => run('delete')}>
            Delete
          </button>
        )}
        <button class="btn btn-small btn-ghost" type="button" onClick={() => Q.checkShown(false)}>
          Clear selection
        </button>
      </div>
      <ErrorNotice error={error} />
    </div>
  );
}

export function QueuePage() {
  const search = useRef<HTMLInputElement>(null);
  const [bulkNote, setBulkNote] = useState('');
  // What the agent is typing in the tag filter, kept apart from the applied filter until they commit it
  // (Enter or leaving the box): a live update re-renders the queue and would otherwise wipe the box.
  const [tagDraft, setTagDraft] = useState<string | null>(null);
  useEffect(() => {
    Q.startLiveQueue();
    loadAgents();
    if (!booted) {
      booted = true;
      Q.loadQueue();
    } else Q.loadQueue({ keepPlace: true });
    Q.loadCounts();
    // Coming back from a ticket: put focus where the agent left.
    requestAnimationFrame(focusSelected);
  }, []);
  useShortcuts({
    j: () => (Q.moveSelection(1), focusSelected()),
    k: () => (Q.moveSelection(-1), focusSelected()),
    Enter: () => Q.selectedId.value && navigate(`/tickets/${Q.selectedId.value}`),
    '/': () => search.current?.focus(),
  });
  const f = Q.filters.value;
  const v = Q.view.value;
  const viewApplies = Q.viewApplies(f);
  const teamId = Q.team.value;
  const viewHasAssignee = viewApplies && !teamId && Q.VIEWS.find((x) => x.id === v)!.ownsAssignee;
  const teams = teamQueue.value;
  const list = Q.tickets.value;
  // The Spam view's list (not a search from it over every view): its own bulk actions.
  const spamShown = v === 'spam' && Q.viewApplies(f);
  const counts = Q.counts.value;
  useEffect(Q.rememberOrder, [list]);
  return (
    <section class="page queue" aria-labelledby="queue-title">
      <div class="page-head">
        <h1 id="queue-title">Tickets</h1>
        <div class="page-tools">
          <form
            role="search"
            class="search"
            onSubmit={(e) => (e.preventDefault(), Q.setFilters({ q: search.current?.value ?? '' }))}
          >
            <label for="ticket-search" class="sr-only">
              Search tickets
            </label>
            <input
              id="ticket-search"
              ref={search}
              type="search"
              placeholder="Search: #number, words, customer name or email, tag  ( / )"
              defaultValue={f.q}
            />
            <button class="btn" type="submit">
              Search
            </button>
          </form>
          {can('tickets:create') && (
            <a class="btn btn-primary" href={href('/tickets/new')}>
              New ticket
            </a>
          )}
        </div>
      </div>
      <nav class="views" aria-label="Ticket views">
        {Q.VIEWS.map((x) => (
          <button
            key={x.id}
            type="button"
            class="view"
            aria-pressed={viewApplies && !teamId && x.id === v}
            onClick={() => Q.setView(x.id)}
          >
            {x.label}{' '}
            <span class="count" aria-label={`${counts[x.id] ?? 'unknown'} tickets`}>
              {counts[x.id] ?? '–'}
            </span>
          </button>
        ))}
      </nav>
      {teams && teams.data.length > 0 && (
        <nav class="views team-views" aria-label="Team queues">
          <span class="views-label" aria-hidden="true">
            Teams
          </span>
          {[
            ...teams.data.map((x) => ({ id: x.teamId, label: x.name, open: x.open })),
            { id: 'none', label: 'No team', open: teams.none },
          ].map((x) => (
            <button
              key={x.id}
              type="button"
              class="view"
              aria-pressed={viewApplies && teamId === x.id}
              onClick={() => Q.setTeam(x.id)}
            >
              {x.label}{' '}
              <span class="count" aria-label={`${x.open} open or pending tickets`}>
                {x.open}
              </span>
            </button>
          ))}
        </nav>
      )}
      <div class="filters">
        <label>
          Priority
          <select value={f.priority} onChange={(e) => Q.setFilters({ priority: e.currentTarget.value })}>
            <option value="">Any</option>
            <option value="urgent">Urgent</option>
            <option value="high">High</option>
            <option value="normal">Normal</option>
            <option value="low">Low</option>
          </select>
        </label>
        <label>
          Tag
          <input
            value={tagDraft ?? f.tag}
            size={10}
            onInput={(e) => setTagDraft(e.currentTarget.value)}
            onChange={(e) => (setTagDraft(null), Q.setFilters({ tag: e.currentTarget.value.trim() }))}
          />
        </label>
        <label>
          Assignee
          <select
            value={viewHasAssignee ? '' : f.assignee}
            disabled={viewHasAssignee}
            onChange={(e) => Q.setFilters({ assignee: e.currentTarget.value })}
          >
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="unassigned">Unassigned</option>
            {agents.value
              .filter((a) => a.id !== me.value?.agent?.id)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          Sort
          <select value={f.sort} onChange={(e) => Q.setFilters({ sort: e.currentTarget.value })}>
            <option value="updated">Recently updated</option>
            <option value="created">Newest</option>
            <option value="priority">Priority</option>
            <option value="slaDue">SLA due soonest</option>
          </select>
        </label>
        {(f.priority || f.tag || f.assignee || f.q) && (
          <button
            class="btn btn-ghost"
            type="button"
            onClick={() => (
              search.current && (search.current.value = ''),
              setTagDraft(null),
              Q.setFilters({ priority: '', tag: '', assignee: '', q: '' })
            )}
          >
            Clear filters
          </button>
        )}
      </div>
      {Q.searching(f) && (
        <SearchSummary
          q={f.q.trim()}
          viewLabel={teamId ? teamLabel(teamId) : Q.VIEWS.find((x) => x.id === v)!.label}
          onClear={() => (search.current && (search.current.value = ''), Q.setFilters({ q: '' }))}
        />
      )}
      <ErrorNotice error={Q.queueError.value} />
      {spamShown && (
        <p class="help">
          Forms and mail that failed spam checks are kept here, out of every other view, count and notification. Mark
          one as not spam and it arrives as a new ticket.
        </p>
      )}
      {Q.checked.value.size > 0 ? (
        spamShown ? (
          <SpamBulkBar onDone={setBulkNote} />
        ) : (
          <BulkBar onDone={setBulkNote} />
        )
      ) : (
        bulkNote && <Success>{bulkNote}</Success>
      )}
      {can('tickets:update') && list.length > 0 && (
        <label class="check select-shown">
          <input
            type="checkbox"
            checked={list.every((t) => Q.checked.value.has(t.id))}
            onChange={(e) => (setBulkNote(''), Q.checkShown(e.currentTarget.checked))}
          />{' '}
          Select all {list.length} shown
        </label>
      )}
      <p class="sr-only" role="status" aria-live="polite">
        {Q.announcement.value}
      </p>
      {list.length === 0 && !Q.loading.value && !Q.queueError.value && !Q.searching(f) && (
        <p class="empty">No tickets here. {f.tag || f.priority || f.assignee ? 'Try clearing the filters.' : ''}</p>
      )}
      {Q.loading.value && list.length === 0 && <p class="muted">Loading tickets…</p>}
      <ul class="tickets" aria-label="Tickets">
        {list.map((t) => (
          <Row
            key={t.id}
            t={t}
            selected={t.id === Q.selectedId.value}
            fresh={Q.changed.value.has(t.id)}
            bulk={can('tickets:update')}
          />
        ))}
      </ul>
      {Q.nextCursor.value && (
        <button class="btn more" type="button" onClick={() => Q.loadMore()}>
          Load more
        </button>
      )}
      {!can('tickets:update') && <p class="help">You have read-only access.</p>}
    </section>
  );
}
