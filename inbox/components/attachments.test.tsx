// @vitest-environment happy-dom
// Files in the thread: what an agent sees for each scan state, where a note's files go, the links' expiry,
// the scanner's verdict swapped in, and refusals worded with the file's name.
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { Thread } from './thread.tsx';
import {
  earliestExpiry,
  isThumbnail,
  linkExpiry,
  namePasted,
  uploadErrorText,
  withScanned,
  type FileInfo,
} from './attachments.tsx';
import { formatBytes } from './format.ts';
import { storageMeter } from '../pages/account.tsx';
import { ApiError } from '../api.ts';
import type { Message } from '../types.ts';

const url = (id: string, exp = 2_000_000_000) => `http://hd.test/api/v1/files/${id}?r=agent.a1&e=${exp}&s=sig`;
const file = (over: Partial<FileInfo>): FileInfo => ({
  id: 'att_1',
  filename: 'shot.png',
  contentType: 'image/png',
  size: 12_345,
  status: 'ready',
  url: url('att_1'),
  ...over,
});
const msg = (over: Partial<Message>): Message => ({
  id: 'm1',
  ticketId: 't1',
  body: 'see attached',
  internal: false,
  author: { type: 'customer', id: 'c1', name: 'Vic' },
  attachments: [],
  createdAt: new Date().toISOString(),
  ...over,
});

function mount(messages: Message[]) {
  const root = document.createElement('div');
  render(<Thread messages={messages} requesterName="Vic" />, root);
  return root;
}

describe('files in the thread', () => {
  it('shows a ready image as a thumbnail that opens a larger view, and a download link with name and size', () => {
    const root = mount([msg({ attachments: [file({})] })]);
    const thumb = root.querySelector<HTMLButtonElement>('button.thumb')!;
    expect(thumb.getAttribute('aria-label')).toBe('View shot.png larger');
    expect(thumb.querySelector('img')!.getAttribute('src')).toBe(url('att_1'));
    expect(thumb.querySelector('img')!.getAttribute('alt')).toBe('shot.png');
    const link = root.querySelector<HTMLAnchorElement>('a.file-link')!;
    expect(link.textContent).toBe('shot.png');
    expect(link.getAttribute('href')).toBe(url('att_1'));
    expect(link.getAttribute('download')).toBe('shot.png');
    expect(root.querySelector('.file')!.textContent).toContain('12 KB');
  });

  it('gives other files a download link only: no image is drawn from a PDF, an SVG or HTML', () => {
    const root = mount([
      msg({
        attachments: [
          file({ id: 'a', filename: 'invoice.pdf', contentType: 'application/pdf', url: url('a') }),
          file({ id: 'b', filename: 'logo.svg', contentType: 'image/svg+xml', url: url('b') }),
          file({ id: 'c', filename: 'page.html', contentType: 'text/html', url: url('c') }),
        ],
      }),
    ]);
    expect(root.querySelector('img')).toBeNull();
    expect([...root.querySelectorAll('a.file-link')].map((a) => a.textContent)).toEqual([
      'invoice.pdf',
      'logo.svg',
      'page.html',
    ]);
  });

  it('says "Scanning…" without a link while the scanner works, and quarantines an infected file without a link', () => {
    const root = mount([
      msg({
        attachments: [
          file({ id: 'a', filename: 'report.docx', status: 'scanning', url: null }),
          file({ id: 'b', filename: 'eicar.png', status: 'infected', url: null }),
        ],
      }),
    ]);
    const [scanning, infected] = [...root.querySelectorAll('.file')];
    expect(scanning.textContent).toContain('report.docx');
    expect(scanning.textContent).toContain('Scanning…');
    expect(infected.textContent).toMatch(/Quarantined: /);
    expect(root.querySelector('a')).toBeNull();
    expect(root.querySelector('img')).toBeNull();
  });

  it("puts a note's files inside the note, and shows a reply of files only without an empty text block", () => {
    const root = mount([
      msg({
        id: 'n',
        internal: true,
        body: '',
        author: { type: 'agent', id: 'g', name: 'Dana' },
        attachments: [file({ filename: 'approval.txt', contentType: 'text/plain' })],
      }),
    ]);
    const note = root.querySelector('.msg-note')!;
    expect(note.querySelector('a.file-link')!.textContent).toBe('approval.txt');
    expect(note.querySelector('.msg-body')).toBeNull();
  });
});

describe('links and live updates', () => {
  it("reads a link's expiry and finds the thread's earliest", () => {
    expect(linkExpiry(url('a', 1_900_000_000))).toBe(1_900_000_000_000);
    expect(linkExpiry(null)).toBeNull();
    expect(linkExpiry('/api/v1/files/x')).toBeNull();
    const thread = [
      msg({ attachments: [file({ url: url('a', 1_900_000_100) }), file({ url: null, status: 'scanning' })] }),
      msg({ attachments: [file({ url: url('b', 1_900_000_000) })] }),
    ];
    expect(earliestExpiry(thread)).toBe(1_900_000_000_000);
    expect(earliestExpiry([msg({})])).toBeNull();
  });

  it("swaps in the scanner's verdict on one file and leaves the others alone", () => {
    const scanning = file({ id: 'a', status: 'scanning', url: null });
    const other = file({ id: 'b', filename: 'b.png' });
    const thread = [msg({ id: 'm1', attachments: [scanning, other] }), msg({ id: 'm2', attachments: [scanning] })];
    const passed = { ...scanning, status: 'ready' as const, url: url('a') };
    const next = withScanned(thread, 'm1', passed);
    expect(next[0].attachments).toEqual([passed, other]);
    expect(next[1]).toBe(thread[1]);
    expect(isThumbnail(next[0].attachments[0])).toBe(true);
  });
});

describe('uploads', () => {
  it("words a refusal with the file's name and the server's reason", () => {
    const typeRefused = new ApiError(422, 'Validation failed', [
      { path: 'file', message: 'is a program (.exe); programs cannot be attached.' },
    ]);
    expect(uploadErrorText('setup.exe', typeRefused)).toBe(
      'setup.exe is a program (.exe); programs cannot be attached.',
    );
    const full = new ApiError(402, 'File storage is full: 1 GB of 1 GB used on the starter plan.');
    expect(uploadErrorText('a.png', full)).toBe('a.png: File storage is full: 1 GB of 1 GB used on the starter plan.');
    expect(uploadErrorText('a.png', new ApiError(0, 'the connection failed.'))).toBe(
      'a.png could not be uploaded: the connection failed.',
    );
  });

  it('names a pasted screenshot by when it was taken, and keeps a real file name', () => {
    const pasted = namePasted(new File(['x'], 'image.png', { type: 'image/png' }), new Date(2026, 11, 2, 9, 5, 7));
    expect(pasted.name).toBe('Screenshot 2026-12-02 09.05.07.png');
    expect(pasted.type).toBe('image/png');
    const named = new File(['x'], 'error.jpg', { type: 'image/jpeg' });
    expect(namePasted(named)).toBe(named);
  });

  it("shows storage against the plan's limit", () => {
    expect(storageMeter({ used: 1_572_864, limit: 1024 ** 3 })).toBe('1.5 MB of 1 GB');
    expect(storageMeter({ used: 0, limit: null })).toBe('0 bytes (unlimited)');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
  });
});
