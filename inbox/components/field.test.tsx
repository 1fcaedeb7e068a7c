// @vitest-environment happy-dom
// Form errors beside their fields: a refusal is sorted onto the fields it names, and each field shows and announces its own.
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { ApiError } from '../api.ts';
import { Field, fieldSentence, splitError } from './field.tsx';
import { signUpBodyOf } from '../pages/sign-up.tsx';
import { linkNote } from '../pages/settings/agents.tsx';

const FIELDS = ['name', 'email', 'password'] as const;

describe('splitError', () => {
  it('puts each field error of a 422 beside its field, leaving nothing for a notice', () => {
    const e = new ApiError(422, 'The request has invalid fields.', [
      { path: 'email', message: 'Invalid email address' },
      { path: 'password', message: 'must be at least 10 characters' },
    ]);
    expect(splitError(e, FIELDS)).toEqual({
      fields: { email: 'Invalid email address', password: 'must be at least 10 characters' },
      rest: null,
    });
  });

  it('keeps a refusal that names no field of the form for the notice', () => {
    const rateLimited = new ApiError(429, 'Too many requests.');
    expect(splitError(rateLimited, FIELDS)).toEqual({ fields: {}, rest: rateLimited });
    const elsewhere = new ApiError(422, 'Bad.', [
      { path: 'email', message: 'Invalid email address' },
      { path: '(body)', message: 'Unrecognized key' },
    ]);
    expect(splitError(elsewhere, FIELDS)).toEqual({ fields: { email: 'Invalid email address' }, rest: elsewhere });
    const offline = new Error('offline');
    expect(splitError(offline, FIELDS).rest).toBe(offline);
    expect(splitError(null, FIELDS)).toEqual({ fields: {}, rest: null });
  });

  it('puts a whole-request refusal that belongs to one field there (409: the email is taken)', () => {
    const taken = new ApiError(409, 'Email already registered.');
    expect(splitError(taken, FIELDS, { 409: 'email' })).toEqual({
      fields: { email: 'Email already registered.' },
      rest: null,
    });
    expect(splitError(taken, FIELDS).rest).toBe(taken);
  });
});

describe('Field', () => {
  it('shows the error beside the input as a sentence, marks the input invalid and ties both to it', () => {
    const root = document.createElement('div');
    render(
      <Field id="f-pw" label="Password" value="" onInput={() => {}} hint="At least 10" error="is too short" />,
      root,
    );
    const input = root.querySelector('input')!;
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('f-pw-error f-pw-hint');
    expect(root.querySelector('#f-pw-error')!.textContent).toBe('Password is too short');
    render(<Field id="f-pw" label="Password" value="" onInput={() => {}} />, root);
    expect(root.querySelector('input')!.hasAttribute('aria-invalid')).toBe(false);
    expect(root.querySelector('.field-error')).toBeNull();
  });

  it('reads a complete server sentence as it is', () => {
    expect(fieldSentence('Email', 'Invalid email address')).toBe('Invalid email address');
    expect(fieldSentence('New password', 'is too repetitive')).toBe('New password is too repetitive');
  });
});

describe('account pages', () => {
  it('sends signup names without surrounding spaces and the password exactly as typed', () => {
    expect(
      signUpBodyOf({ tenantName: ' Acme ', name: 'Ada ', email: ' ada@acme.test', password: ' pass phrase ' }),
    ).toEqual({ tenantName: 'Acme', name: 'Ada', email: 'ada@acme.test', password: ' pass phrase ' });
  });

  it('says what a fresh link is for and that it is shown once', () => {
    expect(linkNote({ email: 'a@x.test', kind: 'invite' })).toMatch(/^Invitation for a@x.test created/);
    expect(linkNote({ email: 'a@x.test', kind: 'resend' })).toMatch(/previous link no longer works/);
    const reset = linkNote({ email: 'a@x.test', kind: 'reset', expiresAt: '2026-03-02T11:00:00.000Z' });
    expect(reset).toMatch(/^Password reset link for a@x.test \(shown only now\)\. It works once, until /);
    expect(reset).toMatch(/signs them out everywhere else/);
  });
});
