// A stream's response body: frames in Server-Sent Events form, built once per shared event, and a reader that
// stops reading is cut off once it is a megabyte behind instead of growing the server's memory.
import { describe, expect, it } from 'vitest';
import { SseSink, sseFrame } from './sink.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('sseFrame', () => {
  it('writes event, one data line of JSON and id, and builds the bytes once for an object many streams send', () => {
    const data = { id: 'tkt_1', subject: 'Two\nlines' };
    const frame = sseFrame('ticket.created', data, '42');
    expect(text(frame)).toBe('event: ticket.created\ndata: {"id":"tkt_1","subject":"Two\\nlines"}\nid: 42\n\n');
    expect(sseFrame('ticket.created', data, '42')).toBe(frame);
    expect(text(sseFrame('ticket.updated', data, '43'))).toContain('id: 43');
    expect(text(sseFrame('typing', { agent: 'Ada' }))).toBe('event: typing\ndata: {"agent":"Ada"}\n\n');
  });
});

describe('SseSink', () => {
  it('hands the reader what was written, in order, then ends when closed', async () => {
    const sink = new SseSink(() => undefined);
    sink.write(': connected\n\n');
    sink.write(sseFrame('ticket.created', { n: 1 }, '1'));
    sink.close();
    expect(sink.write('late')).toBe(false);
    expect(await new Response(sink.body).text()).toBe(': connected\n\nevent: ticket.created\ndata: {"n":1}\nid: 1\n\n');
  });

  it('closes the stream of a reader that fell more than the limit behind, keeping what it was owed so far', async () => {
    const sink = new SseSink(() => undefined, 10_000);
    const chunk = new Uint8Array(1000).fill(97);
    let accepted = 0;
    while (sink.write(chunk)) accepted++;
    expect(accepted).toBeGreaterThan(70); // 64 KB of buffer and 10 KB of slack, in 1 KB chunks
    expect(accepted).toBeLessThan(80);
    expect(sink.closed).toBe(true);
    expect((await new Response(sink.body).arrayBuffer()).byteLength).toBe(accepted * 1000);
  });

  it('tells the stream when its reader went away', async () => {
    let cancelled = 0;
    const sink = new SseSink(() => cancelled++);
    await sink.body.cancel();
    expect(cancelled).toBe(1);
    expect(sink.write('after')).toBe(false);
  });
});
