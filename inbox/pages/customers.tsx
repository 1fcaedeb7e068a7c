// Customers: the directory (search by the start of a name or email, paged) and one customer's profile with their tickets.
import { useState } from 'preact/hooks';
import { api, type Page } from '../api.ts';
import type { Customer, Ticket } from '../types.ts';
import { can } from '../state/session.ts';
import { href } from '../state/router.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { useLoad } from '../components/use-load.ts';
import { usePages } from '../components/use-pages.ts';
import { EditCustomer } from '../components/edit-customer.tsx';
import { PriorityBadge, StatusBadge } from '../components/badges.tsx';
import { dateTime, relative } from '../components/format.ts';

export function CustomersPage() {
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  const list = usePages(
    (cursor) => api.get<Page<Customer>>('/customers', { limit: 25, q: q || undefined, cursor }),
    [q],
  );
  return (
    <section class="page customers" aria-labelledby="customers-title">
      <div class="page-head">
        <h1 id="customers-title">Customers</h1>
        <form role="search" class="search" onSubmit={(e) => (e.preventDefault(), setQ(typed.trim()))}>
          <label for="customer-search" class="sr-only">
            Search customers
          </label>
          <input
            id="customer-search"
            type="search"
            placeholder="Name or email starts with…"
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
          <button class="btn" type="submit">
            Search
          </button>
        </form>
      </div>
      <ErrorNotice error={list.error} />
      {list.loading && list.rows.length === 0 && <p class="muted">Loading customers…</p>}
      {!list.loading && !list.error && list.rows.length === 0 && (
        <p class="empty">
          {q
            ? `No customer's name or email starts with “${q}”.`
            : 'No customers yet. Everyone who files a ticket becomes one.'}
        </p>
      )}
      {list.rows.length > 0 && (
        <ul class="crows" aria-label="Customers">
          {list.rows.map((c) => (
            <li key={c.id} class="crow">
              <a class="crow-name" href={href(`/customers/${c.id}`)}>
                {c.name || c.email}
              </a>
              <span class="crow-email">{c.name ? c.email : ''}</span>
              <span class="crow-since muted">since {dateTime(c.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {list.hasMore && (
        <button class="btn more" type="button" onClick={list.more}>
          Load more
        </button>
      )}
    </section>
  );
}

function CustomerTickets({ id }: { id: string }) {
  const list = usePages((cursor) => api.get<Page<Ticket>>(`/customers/${id}/tickets`, { limit: 25, cursor }), [id]);
  return (
    <section class="card" aria-labelledby="ct-title">
      <h2 id="ct-title">Tickets</h2>
      <ErrorNotice error={list.error} />
      {list.loading && list.rows.length === 0 && <p class="muted">Loading…</p>}
      {!list.loading && !list.error && list.rows.length === 0 && <p class="muted">No tickets you can see.</p>}
      <ul class="plain ctickets">
        {list.rows.map((t) => (
          <li key={t.id}>
            <a href={href(`/tickets/${t.id}`)}>
              <span class="muted">#{t.number}</span> {t.subject}
            </a>
            <span class="ct-meta">
              <StatusBadge status={t.status} /> <PriorityBadge priority={t.priority} />{' '}
              <time class="muted" dateTime={t.updatedAt} title={dateTime(t.updatedAt)}>
                updated {relative(t.updatedAt)}
              </time>
            </span>
          </li>
        ))}
      </ul>
      {list.hasMore && (
        <button class="btn more" type="button" onClick={list.more}>
          Load more tickets
        </button>
      )}
    </section>
  );
}

export function CustomerPage({ id }: { id: string }) {
  const customer = useLoad(() => api.get<Customer>(`/customers/${id}`), [id]);
  const [editing, setEditing] = useState(false);
  const c = customer.data;
  return (
    <section class="page customer-page" aria-labelledby="customer-title">
      <p class="ticket-nav">
        <a href={href('/customers')}>← Customers</a>
      </p>
      <ErrorNotice error={customer.error} />
      {!c && !customer.error && <p class="muted">Loading customer…</p>}
      {c && (
        <div class="ticket-grid">
          <div class="ticket-main">
            <h1 id="customer-title">{c.name || c.email}</h1>
            {can('tickets:read') ? <CustomerTickets id={id} /> : <p class="help">Your role cannot read tickets.</p>}
          </div>
          <aside class="ticket-side" aria-label="Customer details">
            <section class="card customer" aria-labelledby="profile-title">
              <h2 id="profile-title">Profile</h2>
              {editing ? (
                <EditCustomer
                  customer={c}
                  onSaved={(n) => (customer.set(n), setEditing(false))}
                  onCancel={() => setEditing(false)}
                />
              ) : (
                <dl class="facts">
                  <dt>Name</dt>
                  <dd>{c.name || <span class="muted">No name given</span>}</dd>
                  <dt>Email</dt>
                  <dd>
                    <a href={`mailto:${c.email}`}>{c.email}</a>
                  </dd>
                  <dt>Your user id</dt>
                  <dd>
                    {c.externalId ? (
                      <code>{c.externalId}</code>
                    ) : (
                      <span class="muted">Not identified by your site</span>
                    )}
                  </dd>
                  <dt>Customer since</dt>
                  <dd>{dateTime(c.createdAt)}</dd>
                  <dt>Last changed</dt>
                  <dd>{dateTime(c.updatedAt)}</dd>
                </dl>
              )}
              {!editing && (
                <div class="actions">
                  {can('customers:update') && (
                    <button class="btn btn-small" type="button" onClick={() => setEditing(true)}>
                      Edit customer
                    </button>
                  )}
                  {can('tickets:create') && (
                    <a
                      class="btn btn-small"
                      href={href(`/tickets/new?${new URLSearchParams({ email: c.email, name: c.name ?? '' })}`)}
                    >
                      New ticket for them
                    </a>
                  )}
                </div>
              )}
            </section>
          </aside>
        </div>
      )}
    </section>
  );
}
