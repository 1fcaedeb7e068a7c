// Pure helpers of the Privacy tab: what the erasure confirmation says and how counts read.
import { describe, expect, it } from 'vitest';
import { countsText, erasureSummary } from './privacy.tsx';
import { policySummary, retentionBody } from './privacy-retention.tsx';

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

describe('retention card', () => {
  it('sends whole days, ticked channels and tags split on commas or spaces', () => {
    expect(
      retentionBody({
        name: ' Old mail ',
        action: 'delete',
        days: '365',
        channels: ['email'],
        tags: 'gdpr, trial  vip',
      }),
    ).toEqual({
      name: 'Old mail',
      action: 'delete',
      olderThanDays: 365,
      channels: ['email'],
      tags: ['gdpr', 'trial', 'vip'],
    });
    expect(retentionBody({ name: 'All', action: 'redact', days: '30', channels: [], tags: '' }).tags).toEqual([]);
  });
  it('says what a policy does in one sentence', () => {
    expect(policySummary({ action: 'delete', olderThanDays: 365, channels: ['email', 'chat'], tags: ['gdpr'] })).toBe(
      'Delete solved email or chat tickets tagged gdpr 365 days after they were solved',
    );
    expect(policySummary({ action: 'redact', olderThanDays: 1, channels: [], tags: [] })).toBe(
      'Redact solved tickets 1 day after they were solved',
    );
  });
});
