// The agents' inbox: signs in (or up, or resets a password), then routes between queue, tickets, customers, dashboard,
// knowledge base, settings, account and my account.
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import './styles.css';
import { sessionLost } from './api.ts';
import { me, loadMe, accountInactive, enrolmentRequired } from './state/session.ts';
import { route } from './state/router.ts';
import { unreadCount } from './state/queue.ts';
import { titleFor } from './state/title.ts';
import { Shell, landing } from './components/shell.tsx';
import { lazyPage } from './components/lazy.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { AcceptInvitePage } from './pages/accept-invite.tsx';
import { ResetPasswordPage } from './pages/reset-password.tsx';
import { SignUpPage } from './pages/sign-up.tsx';
import { QueuePage } from './pages/queue.tsx';
import { TicketPage } from './pages/ticket.tsx';
import { ChatsPage } from './pages/chats.tsx';
import { KbListPage } from './pages/kb.tsx';
import { NewTicketPage } from './pages/new-ticket.tsx';
import { CustomersPage, CustomerPage } from './pages/customers.tsx';
import { AccountPage } from './pages/account.tsx';
import { EnrolTwoFactorPage } from './pages/my-account/two-factor.tsx';

const DashboardPage = lazyPage(() => import('./pages/dashboard.tsx').then((m) => m.DashboardPage));
const ReportsPage = lazyPage(() => import('./pages/reports.tsx').then((m) => m.ReportsPage));
const KbEditPage = lazyPage(() => import('./pages/kb-editor.tsx').then((m) => m.KbEditPage));
const SettingsPage = lazyPage(() => import('./pages/settings.tsx').then((m) => m.SettingsPage));
const MyAccountPage = lazyPage(() => import('./pages/my-account.tsx').then((m) => m.MyAccountPage));
function Page() {
  const [section = landing(), id] = route.value.parts;
  if (accountInactive.value) return <AccountPage />;
  if (section === 'tickets' && id === 'new') return <NewTicketPage />;
  if (section === 'tickets' && !id) return <QueuePage />;
  if (section === 'tickets' && id) return <TicketPage id={id} />;
  if (section === 'chats') return <ChatsPage />;
  if (section === 'customers' && id) return <CustomerPage id={id} />;
  if (section === 'customers') return <CustomersPage />;
  if (section === 'account') return <AccountPage />;
  if (section === 'my-account') return <MyAccountPage />;
  if (section === 'dashboard') return <DashboardPage />;
  if (section === 'reports') return <ReportsPage />;
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
  const unread = unreadCount.value;
  useEffect(() => {
    document.title = titleFor(r.parts[0] ?? (m ? landing() : 'tickets'), m?.tenant.name, unread);
  }, [r, m, unread]);
  // Pages for people who are not signed in (yet): they work whatever session the browser holds.
  if (r.parts[0] === 'accept-invite') return <AcceptInvitePage token={r.query.get('token') ?? ''} />;
  if (r.parts[0] === 'reset-password') return <ResetPasswordPage token={r.query.get('token') ?? ''} />;
  if (r.parts[0] === 'signup') return <SignUpPage />;
  if (m === undefined) return <p class="boot">Loading your inbox…</p>;
  if (!m || sessionLost.value) return <SignInPage expired={sessionLost.value} />;
  if (enrolmentRequired.value) return <EnrolTwoFactorPage />;
  if (!landing() && !r.parts[0])
    return (
      <Shell>
        <section class="page">
          <h1>Welcome</h1>
          <p>Your role cannot read tickets.</p>
        </section>
      </Shell>
    );
  return (
    <Shell>
      <Page />
    </Shell>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
