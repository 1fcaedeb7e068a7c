import { describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../seed/demo.ts';
import { passwordProblem, PasswordSchema } from './password-policy.ts';

describe('password policy', () => {
  it.each([
    ['ten spaces', ' '.repeat(10), 'must not be only spaces'],
    [
      'spaces and tabs are control characters first',
      ' \t'.repeat(5),
      'must not contain control characters (such as tabs, line breaks or NUL)',
    ],
    ['ten no-break spaces', '\u00a0'.repeat(10), 'must not be only spaces'],
    ['zero-width spaces', '\u200b\u200c\u200d\u2060\ufeff'.repeat(2), 'must not be only spaces'],
    ['ten NULs', '\u0000'.repeat(10), 'must not contain control characters (such as tabs, line breaks or NUL)'],
    [
      'a line break',
      'first line\nsecond line',
      'must not contain control characters (such as tabs, line breaks or NUL)',
    ],
    ['a C1 control', 'long enough\u0085text', 'must not contain control characters (such as tabs, line breaks or NUL)'],
    ['1234567890', '1234567890', 'is a simple sequence like 1234567890 or abcdefghij'],
    ['0987654321', '0987654321', 'is a simple sequence like 1234567890 or abcdefghij'],
    ['abcdefghij', 'abcdefghij', 'is a simple sequence like 1234567890 or abcdefghij'],
    ['ZYXWVUTSRQ', 'ZYXWVUTSRQ', 'is a simple sequence like 1234567890 or abcdefghij'],
    ['a long digit run that wraps', '78901234567890', 'is a simple sequence like 1234567890 or abcdefghij'],
    ['aaaaaaaaaa', 'aaaaaaaaaa', 'is too repetitive: it repeats one character or a short pattern'],
    ['mixed-case repetition', 'AaAaAaAaAa', 'is too repetitive: it repeats one character or a short pattern'],
    ['abcabcabca', 'abcabcabca', 'is too repetitive: it repeats one character or a short pattern'],
    ['a word twice', 'passwordpassword', 'is too repetitive: it repeats one character or a short pattern'],
    ['two characters only', 'aaaaabbbbb', 'is too repetitive: it repeats one character or a short pattern'],
    ['password12', 'password12', 'is one of the most commonly used passwords'],
    ['qwertyuiop', 'qwertyuiop', 'is one of the most commonly used passwords'],
    ['upper case', 'PASSWORD123', 'is one of the most commonly used passwords'],
    ['trailing digits and punctuation', 'Iloveyou2024!!', 'is one of the most commonly used passwords'],
    ['an entry with a digit, other digits', 'trustno1234', 'is one of the most commonly used passwords'],
    ['nine characters', 'nine char', 'must be at least 10 characters'],
    ['five emoji are ten UTF-16 units but five characters', '🔑🔒🔓🔐🗝', 'must be at least 10 characters'],
    ['1025 bytes', 'x'.repeat(1025), 'must be at most 1024 bytes long'],
    ['a lone surrogate', 'long enough \udc00 text', 'must be valid Unicode text'],
  ])('refuses %s', (_label, password, message) => {
    expect(passwordProblem(password)).toBe(message);
    const parsed = PasswordSchema.safeParse(password);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it.each([
    ['the demo seed password', DEMO_LOGIN.password],
    ['the test harness password', 'correct horse battery'],
    ['a word and a number', 'owner password 1'],
    ['exactly ten characters', 'abcdefghia'],
    ['a phrase said twice (the unit alone is long enough)', 'correct horse correct horse '],
    ['a passphrase of exactly 1024 bytes', 'a long passphrase, '.repeat(53) + 'x'.repeat(1024 - 19 * 53)],
    ['accented letters', 'Größere Äpfel schmecken'],
    ['Arabic', 'كلمة مرور طويلة جدا'],
    ['emoji with a joiner (ten code points)', '👩‍💻🔑🌍🚲🎹🍋🦊🌵'],
    ['a common word inside a phrase', 'my dragon sleeps at noon'],
  ])('accepts %s', (_label, password) => {
    expect(passwordProblem(password)).toBeNull();
    expect(PasswordSchema.safeParse(password).success).toBe(true);
  });
});
