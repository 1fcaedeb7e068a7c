// A local stand-in for the few Stripe API calls billing makes, answering with the shapes Stripe records; tests
// point the real `stripe` client at it (STRIPE_API_BASE) and read what it was asked in `calls`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeCall {
  method: string;
  path: string;
  params: Record<string, string>;
}

export interface StripeFake {
  url: string;
  calls: FakeCall[];
  subscriptions: Map<string, any>;
  /** While true every connection is dropped: Stripe unreachable. */
  down: boolean;
  /** Calls to these paths answer Stripe's error with the status given (500: Stripe failing, 400: a refusal). */
  failing: Map<string, number>;
  /** false: Checkout Sessions come back without a page (url null), as Stripe's do in some modes. */
  checkoutPages: boolean;
  /** A subscription as Stripe would hold it after a Checkout (status active unless told). */
  addSubscription(s: { customer: string; price: string; status?: string; start: number; end: number }): any;
  close(): Promise<void>;
}

export async function startStripeFake(): Promise<StripeFake> {
  let n = 0;
  const next = (p: string) => `${p}_${String(++n).padStart(6, '0')}`;
  const calls: FakeCall[] = [];
  const subscriptions = new Map<string, any>();
  const sockets = new Set<Socket>();
  const fake = { down: false, failing: new Map(), checkoutPages: true } as StripeFake;
  const subscription = (s: { customer: string; price: string; status?: string; start: number; end: number }) => ({
    id: next('sub'),
    object: 'subscription',
    customer: s.customer,
    status: s.status ?? 'active',
    created: s.start,
    start_date: s.start,
    cancel_at_period_end: false,
    trial_end: null,
    metadata: {},
    items: {
      object: 'list',
      data: [
        {
          id: next('si'),
          object: 'subscription_item',
          price: { id: s.price, object: 'price' },
          current_period_start: s.start,
          current_period_end: s.end,
        },
      ],
    },
  });
  const server: Server = createServer((req, res) => {
    if (fake.down) return req.socket.destroy();
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stripe.test');
      const params = Object.fromEntries(new URLSearchParams(req.method === 'GET' ? url.search : body));
      const path = url.pathname;
      calls.push({ method: req.method ?? 'GET', path, params });
      const send = (status: number, v: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': next('req') });
        res.end(JSON.stringify(v));
      };
      const failure = fake.failing.get(path);
      if (failure)
        return send(failure, {
          error: {
            type: failure >= 500 ? 'api_error' : 'invalid_request_error',
            message: failure >= 500 ? 'Something went wrong on Stripe.' : 'No such price.',
          },
        });
      const sub = /^\/v1\/subscriptions\/([\w]+)$/.exec(path);
      if (req.method === 'POST' && path === '/v1/customers')
        return send(200, {
          id: next('cus'),
          object: 'customer',
          email: params.email ?? null,
          name: params.name ?? null,
          metadata: {},
        });
      if (req.method === 'POST' && path === '/v1/checkout/sessions') {
        const id = next('cs');
        return send(200, {
          id,
          object: 'checkout.session',
          mode: 'subscription',
          customer: params.customer,
          url: fake.checkoutPages ? `https://checkout.stripe.test/c/${id}` : null,
          status: 'open',
        });
      }
      if (req.method === 'POST' && path === '/v1/billing_portal/sessions') {
        const id = next('bps');
        return send(200, {
          id,
          object: 'billing_portal.session',
          customer: params.customer,
          url: `https://billing.stripe.test/p/${id}`,
        });
      }
      if (sub && subscriptions.has(sub[1]!)) {
        const s = subscriptions.get(sub[1]!);
        if (req.method === 'POST') {
          if (params.cancel_at_period_end !== undefined)
            s.cancel_at_period_end = params.cancel_at_period_end === 'true';
          if (params['items[0][price]']) s.items.data[0].price = { id: params['items[0][price]'], object: 'price' };
        }
        return send(200, s);
      }
      if (req.method === 'GET' && path === '/v1/invoices')
        return send(200, {
          object: 'list',
          has_more: false,
          url: '/v1/invoices',
          data: [
            {
              id: 'in_000001',
              object: 'invoice',
              number: 'HD-0001',
              status: 'paid',
              currency: 'usd',
              amount_due: 7900,
              amount_paid: 7900,
              created: 1770000000,
              customer: params.customer,
              hosted_invoice_url: 'https://invoice.stripe.test/i/1',
              invoice_pdf: 'https://invoice.stripe.test/i/1.pdf',
            },
          ],
        });
      if (req.method === 'POST' && path === '/v1/billing/meter_events')
        return send(200, {
          object: 'billing.meter_event',
          event_name: params.event_name,
          identifier: params.identifier,
          payload: {},
          created: 1,
        });
      send(404, {
        error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path})` },
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.calls = calls;
  fake.subscriptions = subscriptions;
  fake.addSubscription = (s) => {
    const made = subscription(s);
    subscriptions.set(made.id, made);
    return made;
  };
  fake.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return fake;
}
