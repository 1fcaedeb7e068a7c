// A paged list's CSV: every page from the cursor asked for, up to CSV_MAX_ROWS, then a Link to go on from.
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { CSV_MAX_ROWS, csvPagedAnswer } from './csv-answer.ts';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ n: i }));
function appOver(total: number) {
  const asked: number[] = [];
  const app = new Hono().get('/list', (c) =>
    csvPagedAnswer(c, 'list', ['n'], new Date('2026-03-02T00:00:00Z'), c.req.query('cursor'), async (cursor, limit) => {
      asked.push(limit);
      const start = cursor ? Number(cursor) : 0;
      const data = rows(total).slice(start, start + limit);
      return { data, nextCursor: start + limit < total ? String(start + limit) : null };
    }),
  );
  return { app, asked };
}

describe('csvPagedAnswer', () => {
  it('writes every page of the list', async () => {
    const { app, asked } = appOver(250);
    const res = await app.request('/list?limit=5');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines).toHaveLength(251);
    expect(lines.at(-1)).toBe('249');
    expect(asked).toEqual([100, 100, 100]);
    expect(res.headers.get('link')).toBeNull();
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="list-2026-03-02.csv"');
  });

  it('stops at CSV_MAX_ROWS and links to the rest', async () => {
    const { app } = appOver(CSV_MAX_ROWS + 7);
    const res = await app.request('/list?kind=x');
    expect((await res.text()).trim().split('\r\n')).toHaveLength(CSV_MAX_ROWS + 1);
    expect(res.headers.get('link')).toBe(`</list?kind=x&cursor=${CSV_MAX_ROWS}>; rel="next"`);
    const rest = await app.request(`/list?kind=x&cursor=${CSV_MAX_ROWS}`);
    expect((await rest.text()).trim().split('\r\n')).toHaveLength(8);
  });
});
