import { describe, expect, it } from 'vitest';
import { text } from './text.ts';

const ok = (schema: ReturnType<typeof text>, v: string) => schema.safeParse(v);

describe('text()', () => {
  const line = text({ max: 20, nonEmpty: true });
  const lines = text({ max: 50, multiline: true });

  it('refuses every C0 control character in a single-line field, and tab and line breaks inside one', () => {
    for (let c = 0; c < 0x20; c++)
      expect(ok(line, `a${String.fromCharCode(c)}b`).success, `U+${c.toString(16)}`).toBe(false);
    expect(ok(line, 'Ada Lovelace').success).toBe(true);
  });

  it('lets a multi-line field keep tab, LF and CR but no other control character', () => {
    expect(ok(lines, 'one\n\ttwo\r\nthree').data).toBe('one\n\ttwo\r\nthree');
    for (const c of [0, 1, 7, 8, 0x0b, 0x0c, 0x1b, 0x1f])
      expect(ok(lines, `a${String.fromCharCode(c)}b`).success, `U+${c.toString(16)}`).toBe(false);
  });

  it('refuses lone surrogates and keeps real pairs (emoji)', () => {
    for (const v of ['a\ud800b', 'a\udc00', '\ud83d']) expect(ok(line, v).success, JSON.stringify(v)).toBe(false);
    expect(ok(line, 'thanks 👍').data).toBe('thanks 👍');
  });

  it('trims first, so a stray trailing newline is not an error, and applies the bounds', () => {
    expect(ok(line, '  Ada\n').data).toBe('Ada');
    expect(ok(line, '   ').success).toBe(false);
    expect(ok(line, 'x'.repeat(21)).success).toBe(false);
    expect(text({ max: 5, trim: false }).safeParse(' a ').data).toBe(' a ');
  });

  it('says what is wrong', () => {
    expect(line.safeParse('a\u0000b').error?.issues[0].message).toBe(
      'must not contain control characters or line breaks',
    );
    expect(lines.safeParse('a\u0000b').error?.issues[0].message).toBe(
      'must not contain control characters other than tab and line breaks',
    );
  });
});
