// Pure helpers of the Privacy tab: what the erasure confirmation says and how counts read.
import { describe, expect, it } from 'vitest';
import { countsText, erasureSummary } from './privacy.tsx';

describe('privacy tab', () => {
  it('names what each erasure mode does', () => {
    expect(erasureSummary('ann@example.com', 'delete')).toMatch(/^Delete ann@example\.com: .*removed for good/);
    expect(erasureSummary('ann@example.com', 'redact')).toMatch(/^Redact ann@example\.com: their tickets stay/);
  });
  it('reads counts as words, leaving out zeros', () => {
    expect(countsText({ tickets: 2, visitorTokens: 1, files: 0 })).toBe('2 tickets, 1 visitor tokens');
    expect(countsText({ tickets: 0 })).toBe('nothing');
  });
});
