// The agents' inbox: signs in, then routes between queue, ticket, dashboard, knowledge base and settings.
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import './styles.css';
import { sessionLost } from './api.ts';
import { me, loadMe, can } from './state/session.ts';
import { route } from './state/router.ts';
import { Shell } from './components/shell.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { AcceptInvitePage } from './pages/accept-invite.tsx';
import { QueuePage } from './pages/queue.tsx';
import { TicketPage } from './pages/ticket.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { KbListPage } from './pages/kb.tsx';
import { KbEditPage } from './pages/kb-editor.tsx';
import { SettingsPage } from './pages/settings.tsx';

function Page() {
  const [section, id] = route.value.parts;
  if ((!section || section === 'tickets') && !id) return <QueuePage />;
  if (section === 'tickets' && id) return <TicketPage id={id} />;
  if (section === 'dashboard') return <DashboardPage />;
  if (section === 'kb' && id) return <KbEditPage id={id} />;
  if (section === 'kb') return <KbListPage />;
  if (section === 'settings') return <SettingsPage tab={id} />;
  return (
    <section class="page">
      <h1>Page not found</h1>
      <p>
        <a href="#/">Back to the tickets</a>
      </p>
    </section>
  );
}

export function App() {
  useEffect(() => {
    loadMe();
  }, []);
  const m = me.value;
  const r = route.value;
  useEffect(() => {
    const section = r.parts[0] ?? 'tickets';
    const names: Record<string, string> = { tickets: 'Tickets', dashboard: 'Dashboard', kb: 'Knowledge base', settings: 'Settings' };
    document.title = `${names[section] ?? 'Inbox'} · ${m?.tenant.name ?? 'Helpdesk'}`;
  }, [r, m]);
  if (r.parts[0] === 'accept-invite') return <AcceptInvitePage token={r.query.get('token') ?? ''} />;
  if (m === undefined) return <p class="boot">Loading your inbox…</p>;
  if (!m || sessionLost.value) return <SignInPage expired={sessionLost.value} />;
  if (!can('tickets:read') && !r.parts[0]) return <Shell><section class="page"><h1>Welcome</h1><p>Your role cannot read tickets.</p></section></Shell>;
  return (
    <Shell>
      <Page />
    </Shell>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
