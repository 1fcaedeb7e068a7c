// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { App } from './app.tsx';
import { TicketForm } from './ticket-form.tsx';
import { resolveTheme } from '../config.ts';
import type { Attachment, Message } from '../api.ts';
import {
  byLabel,
  button,
  click,
  FakeEventSource,
  FakeXhr,
  makeStore,
  mount,
  PAGE,
  scriptedFetch,
  settle,
  TENANT,
  type,
  uploaded,
  widgetTicket,
} from '../test-support.ts';

const MB = 1024 * 1024;
const file = (name: string, size: number, type = 'application/pdf') => new File([new Uint8Array(size)], name, { type });
const created = { ticket: widgetTicket({ id: 'tkt_1', number: 7 }), visitorToken: 'hd_vt_new' };

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
  FakeXhr.install();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Picks files with the hidden input, as the browser's file chooser would. */
async function pick(root: HTMLElement, ...files: File[]) {
  const input = root.querySelector<HTMLInputElement>('input[type=file]')!;
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
}
const rows = (root: HTMLElement) => [...root.querySelectorAll('.files li')];
const removeButton = (root: HTMLElement, name: string) =>
  root.querySelector<HTMLButtonElement>(`button[aria-label="Remove ${name}"]`);

async function fillForm(root: HTMLElement) {
  await type(byLabel(root, 'Email'), 'maren@example.com');
  await type(byLabel(root, 'Subject'), 'Zip broke');
  await type(byLabel(root, 'Message'), 'See the photo.');
}

describe('attachments on the new-ticket form', () => {
  it('uploads each picked file at once with its progress, removes one, and the ticket carries the other', async () => {
    const calls = scriptedFetch((m, p) =>
      m === 'POST' && p === '/tickets' ? { status: 201, body: created } : undefined,
    );
    const s = makeStore();
    const root = await mount(<TicketForm s={s} />);
    expect(button(root, 'Attach files')).not.toBeNull();
    const photo = file('zip.jpg', 300 * 1024, 'image/jpeg');
    const log = file('app.log', 2 * MB + MB / 2, 'text/plain');
    await pick(root, photo, log);

    expect(FakeXhr.sent.map((x) => x.file.name)).toEqual(['zip.jpg', 'app.log']);
    const [first, second] = FakeXhr.sent;
    expect(first.url).toBe('https://help.example/api/v1/widget/attachments');
    expect(first.headers['X-Widget-Key']).toBe('hd_pk_test');
    expect(first.headers.Authorization).toBeUndefined(); // no visitor token yet
    expect(rows(root).map((li) => li.querySelector('.fn')!.textContent)).toEqual(['zip.jpg', 'app.log']);
    expect(rows(root).map((li) => li.querySelector('.meta')!.textContent)).toEqual(['300 KB', '2.5 MB']);

    await first.progress(150 * 1024);
    const bar = rows(root)[0].querySelector('progress')!;
    expect(bar.getAttribute('aria-label')).toBe('zip.jpg');
    expect(Number(bar.getAttribute('value')) / Number(bar.getAttribute('max'))).toBe(0.5);
    await first.respond(201, uploaded('att_1', photo));
    await settle(60);
    expect(root.ownerDocument.body.textContent).not.toContain('not attached');

    await click(removeButton(root, 'app.log'));
    expect(second.aborted).toBe(true);
    expect(rows(root)).toHaveLength(1);

    await fillForm(root);
    await click(button(root, 'Send'));
    await settle();
    expect(calls.find((c) => c.path === '/tickets')!.body).toMatchObject({ attachmentIds: ['att_1'] });
    expect(rows(root)).toHaveLength(0); // the next request starts without them
  });

  it('Send waits for an upload still running, then sends its id', async () => {
    const calls = scriptedFetch((m, p) =>
      m === 'POST' && p === '/tickets' ? { status: 201, body: created } : undefined,
    );
    const s = makeStore();
    const root = await mount(<TicketForm s={s} />);
    await fillForm(root);
    const f = file('manual.pdf', 1000);
    await pick(root, f);
    await click(button(root, 'Send'));
    await settle();
    expect(calls.filter((c) => c.path === '/tickets')).toHaveLength(0);
    expect(button(root, 'Sending…')!.disabled).toBe(true);
    await FakeXhr.sent[0].respond(201, uploaded('att_9', f));
    await settle();
    expect(calls.find((c) => c.path === '/tickets')!.body).toMatchObject({ attachmentIds: ['att_9'] });
  });

  it('refuses a too-large file and a program before uploading, and says why the server refused one', async () => {
    scriptedFetch(() => undefined);
    const s = makeStore({ tenant: { maxFileBytes: 10 * MB } });
    const root = await mount(<App s={s} theme={resolveTheme(PAGE, TENANT)} />);
    await act(() => s.open());
    await click(button(root, 'Contact us'));
    await pick(root, file('video.mp4', 10 * MB + MB / 2, 'video/mp4'), file('setup.EXE', 100), file('odd.png', 50));
    expect(FakeXhr.sent.map((x) => x.file.name)).toEqual(['odd.png']);
    const text = rows(root).map((li) => li.querySelector('.err')?.textContent);
    expect(text[0]).toBe('Files can be up to 10 MB.');
    expect(text[1]).toBe('Programs cannot be sent.');
    await settle(60);
    expect(root.querySelector('[role=status]')!.textContent).toBe('setup.EXE not attached: Programs cannot be sent.');

    await FakeXhr.sent[0].respond(422, {
      status: 422,
      title: 'Invalid request',
      detail: 'The file is not what its name says (.png).',
    });
    await settle(60);
    expect(rows(root)[2].querySelector('.err')!.textContent).toBe(
      'Something went wrong: The file is not what its name says (.png).',
    );
    expect(root.querySelector('[role=status]')!.textContent).toContain('odd.png not attached');
    // A failed file can be taken off the list.
    await click(removeButton(root, 'odd.png'));
    expect(rows(root)).toHaveLength(2);
  });

  it('shows the size limit in the visitor language', async () => {
    scriptedFetch(() => undefined);
    const s = makeStore({
      tenant: {
        maxFileBytes: 10 * MB,
        locale: 'de',
        strings: { fileTooBig: 'Dateien dürfen höchstens {max} groß sein.' },
      },
    });
    s.locale.value = 'de';
    const root = await mount(<TicketForm s={s} />);
    await pick(root, file('big.pdf', 10.5 * MB));
    expect(root.querySelector('.files .err')!.textContent).toBe('Dateien dürfen höchstens 10 MB groß sein.');
    expect(FakeXhr.sent).toHaveLength(0);
  });

  it('takes at most ten files', async () => {
    scriptedFetch(() => undefined);
    const root = await mount(<TicketForm s={makeStore()} />);
    await pick(root, ...Array.from({ length: 11 }, (_, i) => file(`f${i}.pdf`, 10)));
    expect(FakeXhr.sent).toHaveLength(10);
    expect(rows(root)[10].querySelector('.err')!.textContent).toBe('At most 10 files.');
  });

  it('a pasted screenshot becomes a file named for when it was taken; pasted text stays text', async () => {
    scriptedFetch(() => undefined);
    const root = await mount(<TicketForm s={makeStore()} />);
    const paste = (files: File[]) => {
      const e = new Event('paste', { bubbles: true, cancelable: true });
      Object.defineProperty(e, 'clipboardData', { value: { files } });
      byLabel(root, 'Message')!.dispatchEvent(e);
      return e;
    };
    let e: Event | undefined;
    await act(() => void (e = paste([file('image.png', 64, 'image/png')])));
    expect(e!.defaultPrevented).toBe(true);
    expect(FakeXhr.sent[0].file.name).toMatch(/^screenshot-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.png$/);
    expect(FakeXhr.sent[0].file.type).toBe('image/png');
    await act(() => void (e = paste([])));
    expect(e!.defaultPrevented).toBe(false);
    expect(FakeXhr.sent).toHaveLength(1);
  });

  it('files dropped on the panel are attached to the request being written, with a hint while dragging', async () => {
    scriptedFetch(() => undefined);
    const s = makeStore();
    const root = await mount(<App s={s} theme={resolveTheme(PAGE, TENANT)} />);
    await act(() => s.open());
    await click(button(root, 'Contact us'));
    const panel = root.querySelector('.panel')!;
    const drag = (kind: string, files: File[]) => {
      const e = new Event(kind, { bubbles: true, cancelable: true });
      Object.defineProperty(e, 'dataTransfer', { value: { types: ['Files'], files } });
      panel.querySelector('textarea')!.dispatchEvent(e);
      return e;
    };
    let over: Event | undefined;
    await act(() => void (over = drag('dragover', [])));
    expect(over!.defaultPrevented).toBe(true); // else the browser opens the file instead
    expect(root.querySelector('.drop')!.textContent).toBe('Drop files to attach them');
    await act(() => void drag('drop', [file('receipt.pdf', 500)]));
    expect(root.querySelector('.drop')).toBeNull();
    expect(FakeXhr.sent.map((x) => x.file.name)).toEqual(['receipt.pdf']);
  });
});

const att = (o: Partial<Attachment> & Pick<Attachment, 'id' | 'filename'>): Attachment => ({
  contentType: 'application/pdf',
  size: 2048,
  status: 'ready',
  url: `https://help.example/api/v1/files/${o.id}?s=sig`,
  ...o,
});
const msg = (
  id: string,
  body: string,
  attachments: Attachment[],
  type: 'agent' | 'customer' = 'customer',
): Message => ({
  id,
  ticketId: 'tkt_1',
  body,
  author: { type, name: type === 'agent' ? 'Dana' : 'Maren' },
  attachments,
  createdAt: '2026-01-01T00:00:00Z',
});

describe('attachments in the thread', () => {
  async function openThread(messages: () => Message[], onPost?: (body: unknown) => void) {
    const calls = scriptedFetch((m, p, body) => {
      if (p === '/tickets') return { body: { data: [widgetTicket({ messages: messages() })] } };
      if (m === 'POST' && p === '/tickets/tkt_1/messages') {
        onPost?.(body);
        return { status: 201, body: msg('m_new', '', []) };
      }
    });
    const s = makeStore({ token: 'hd_vt_1' });
    const root = await mount(<App s={s} theme={resolveTheme(PAGE, TENANT)} />);
    await act(() => s.start());
    await settle();
    await act(() => {
      s.threadId.value = 'tkt_1';
      s.open();
      s.go('thread');
    });
    await settle();
    return { s, root, calls };
  }

  it('shows images as thumbnails and other files as links, opening in a new tab; a scanning file is not a link until scanned', async () => {
    let scanning = true;
    const { root } = await openThread(() => [
      msg(
        'm1',
        'Here you go',
        [
          att({ id: 'att_img', filename: 'zip.png', contentType: 'image/png' }),
          att({ id: 'att_pdf', filename: 'invoice.pdf', size: 3 * MB }),
          att({
            id: 'att_new',
            filename: 'log.txt',
            contentType: 'text/plain',
            ...(scanning ? { status: 'scanning' as const, url: null } : {}),
          }),
        ],
        'agent',
      ),
    ]);
    const links = [...root.querySelectorAll<HTMLAnchorElement>('.att a')];
    expect(links.map((a) => a.textContent)).toEqual(['zip.png (2 KB)', 'invoice.pdf (3 MB)']);
    for (const a of links) {
      expect(a.target).toBe('_blank');
      expect(a.rel).toBe('noopener noreferrer');
    }
    const img = links[0].querySelector('img')!;
    expect(img.getAttribute('src')).toBe('https://help.example/api/v1/files/att_img?s=sig');
    expect(img.alt).toBe('');
    expect(links[1].querySelector('img')).toBeNull();
    expect(root.querySelectorAll('.att li')[2].textContent).toBe('log.txt (2 KB) · Checking file…');

    // A page whose CSP refuses the image keeps the link.
    await act(() => void img.dispatchEvent(new Event('error')));
    expect(img.hidden).toBe(true);
    expect(links[0].textContent).toBe('zip.png (2 KB)');

    // The scanner passes it: the visitor's stream says so and the file becomes a link.
    scanning = false;
    FakeEventSource.opened.at(-1)!.push('attachment.scanned', {
      ticketId: 'tkt_1',
      messageId: 'm1',
      attachment: att({ id: 'att_new', filename: 'log.txt' }),
    });
    await settle(150);
    expect([...root.querySelectorAll('.att a')].map((a) => a.textContent)).toContain('log.txt (2 KB)');
  });

  it('sends a reply of files alone, and the files picked for one thread stay with it', async () => {
    let sent: unknown;
    const { s, root } = await openThread(
      () => [msg('m1', 'The zip broke', [])],
      (b) => (sent = b),
    );
    const reply = button(root, 'Send reply')!;
    expect(reply.disabled).toBe(true);
    const f = file('photo.webp', 100, 'image/webp');
    await pick(root, f);
    expect(FakeXhr.sent[0].headers.Authorization).toBe('Bearer hd_vt_1');
    expect(button(root, 'Send reply')!.disabled).toBe(false);
    await FakeXhr.sent[0].respond(201, uploaded('att_r', f));
    await click(button(root, 'Send reply'));
    await settle();
    expect(sent).toEqual({ body: '', attachmentIds: ['att_r'] });
    expect(rows(root)).toHaveLength(0);

    await pick(root, file('other.pdf', 10));
    await act(() => void (s.threadId.value = 'tkt_2'));
    expect(s.replyFiles.items.value).toHaveLength(0);
  });
});
