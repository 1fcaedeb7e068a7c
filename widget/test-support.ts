// Test helpers for the widget's component tests: a scripted fetch, a store over the real API client, a render root.
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import { createApi, type SearchHit, type Ticket } from './api.ts';
import type { PublicArticle } from '../server/kb/schemas.ts';
import type { PageConfig, TenantConfig } from './config.ts';
import { createStore } from './store.ts';

export type Reply = { status?: number; body?: unknown; headers?: Record<string, string> } | 'offline';
export type Route = (method: string, path: string, body: unknown, headers: Record<string, string>) => Reply | undefined;

export const TENANT: TenantConfig = {
  tenantId: 'ten_1',
  name: 'Trailhead Outfitters',
  branding: {
    primaryColor: '#0f766e',
    secondaryColor: '#1e293b',
    logoUrl: null,
    launcherPosition: 'bottom-right',
    customCss: '',
    hidePoweredBy: false,
  },
  features: { ticketSubmission: true, knowledgeBase: true },
  maxFileBytes: 10 * 1024 * 1024,
  locale: 'en',
  customFields: [],
  businessHours: null,
  availability: { open: true, opensAt: null, message: null },
};
export const PAGE: PageConfig = { tenantId: 'ten_1', apiKey: 'hd_pk_test', apiBase: 'https://help.example' };

// Answers in the server's shapes (typed by its schemas), so a stub cannot carry a field the server never sends.
const AT = '2026-01-01T00:00:00Z';
export const searchHit = (o: Pick<SearchHit, 'id' | 'title' | 'snippet'> & Partial<SearchHit>): SearchHit => ({
  titleHtml: o.title,
  slug: o.id,
  categoryId: null,
  locale: 'en',
  status: 'published',
  updatedAt: AT,
  ...o,
});
export const publicArticle = (
  o: Pick<PublicArticle, 'id' | 'title' | 'bodyHtml'> & Partial<PublicArticle>,
): PublicArticle => ({
  slug: o.id,
  categoryId: null,
  locale: 'en',
  publishedAt: AT,
  updatedAt: AT,
  ...o,
});
export const widgetTicket = (o: Partial<Ticket> = {}): Ticket => ({
  id: 'tkt_1',
  number: 1,
  subject: 'Zip broke',
  status: 'open',
  createdAt: AT,
  updatedAt: AT,
  satisfaction: null,
  messages: [],
  ...o,
});

/** Replaces fetch with `route`; every call is recorded as { method, path, body, headers }. */
/** A widget path without the form session it ends with (searches and article views carry it, for deflection figures). */
export const bare = (path: string) => path.replace(/[?&]session=[\w-]+$/, '');

export function scriptedFetch(route: Route) {
  const calls: { method: string; path: string; body: unknown; headers: Record<string, string> }[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const path = url.replace('https://help.example/api/v1/widget', '');
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    const headers = (init.headers ?? {}) as Record<string, string>;
    calls.push({ method, path, body, headers });
    const r = route(method, path, body, headers) ?? { status: 404, body: { title: 'Not Found', status: 404 } };
    if (r === 'offline') throw new TypeError('Failed to fetch');
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), {
      status: r.status ?? 200,
      headers: { 'content-type': 'application/json', ...r.headers },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}

/** happy-dom has no EventSource: this one records the streams the widget opens, and a test can push events into them. */
export class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readyState = 1;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.readyState = 2;
  }
  /** An event as the server would send it. */
  push(type: string, data: unknown, id = '1') {
    const e = new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id });
    for (const fn of this.listeners.get(type) ?? []) fn(e);
  }
}

export function makeStore(opts: { tenant?: Partial<TenantConfig>; token?: string | null } = {}) {
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  const tokenRef = { current: opts.token ?? null };
  const api = createApi(PAGE.apiBase!, PAGE.apiKey, () => tokenRef.current);
  return createStore(api, PAGE, { ...TENANT, ...opts.tenant }, tokenRef);
}

export async function mount(ui: ComponentChild) {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(ui, root));
  return root;
}

/** Lets pending fetches, timers and re-renders settle. */
export async function settle(ms = 0) {
  for (let i = 0; i < 5; i++) await act(() => new Promise((r) => setTimeout(r, ms)));
}

export async function type(el: Element | null, value: string) {
  const input = el as HTMLInputElement;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function click(el: Element | null) {
  await act(() => (el as HTMLElement).click());
}

export const byLabel = (root: ParentNode, text: string) => {
  const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.startsWith(text));
  return label
    ? ((root.querySelector(`#${label.htmlFor}`) as HTMLInputElement | null) ?? label.querySelector('input'))
    : null;
};
export const button = (root: ParentNode, text: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) ?? null;

/** happy-dom's XMLHttpRequest would really send: this one records uploads, and a test moves each along. */
export class FakeXhr {
  static sent: FakeXhr[] = [];
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  response: unknown = null;
  responseType = '';
  aborted = false;
  upload: { onprogress: ((e: { loaded: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: FormData) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  getResponseHeader() {
    return null;
  }
  get file() {
    return this.body?.get('file') as File;
  }
  async progress(loaded: number) {
    await act(() => this.upload.onprogress?.({ loaded }));
  }
  async respond(status: number, response: unknown) {
    this.status = status;
    this.response = response;
    await act(() => this.onload?.());
  }
  static install() {
    FakeXhr.sent = [];
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
  }
}

/** What POST /widget/attachments answers for `file`. */
export const uploaded = (id: string, file: File) => ({
  id,
  filename: file.name,
  contentType: file.type || 'application/octet-stream',
  size: file.size,
  status: 'ready' as const,
});
