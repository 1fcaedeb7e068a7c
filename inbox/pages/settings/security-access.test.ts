// The allowlist boxes as the API lists: one range per line (or space or comma), blanks dropped, nothing rewritten.
import { describe, expect, it } from 'vitest';
import { rangesOf } from './security-access.tsx';

describe('rangesOf', () => {
  it('splits on lines, spaces and commas and drops blanks', () => {
    expect(rangesOf('203.0.113.0/24\n\n  2001:db8::/32 , 198.51.100.7\n')).toEqual([
      '203.0.113.0/24',
      '2001:db8::/32',
      '198.51.100.7',
    ]);
    expect(rangesOf('  \n ')).toEqual([]);
  });
});
