// A refused save in words: field problems land on the form's fields, the rest becomes one plain sentence.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { formErrors, invalidProps, plainSentence } from './form-errors.tsx';

const invalid = (...errors: { path: string; message: string }[]) =>
  new ApiError(422, 'The request has invalid fields.', errors);

describe('formErrors', () => {
  it('puts each problem beside its field, naming a list entry by what was typed, and says where to look', () => {
    const origins = ['https://shop.example.com', 'ftp:/nope'];
    const e = formErrors(
      invalid({ path: 'allowedOrigins.1', message: 'must be an origin like https://www.example.com' }),
      { allowedOrigins: { label: 'Allowed origins', item: (i) => `“${origins[i]}”` } },
    );
    expect(e.fields).toEqual({ allowedOrigins: '“ftp:/nope” must be an origin like https://www.example.com.' });
    expect(e.summary).toBe('Please correct the marked field.');
  });

  it('matches nested paths to the most specific field and keeps the first problem of each field', () => {
    const e = formErrors(
      invalid(
        { path: 'branding.primaryColor', message: 'must be a hex colour like #2563eb' },
        { path: 'branding', message: 'is wrong somehow' },
        { path: 'events.0', message: 'is not an event' },
        { path: 'events.2', message: 'is not an event either' },
      ),
      { branding: 'Branding', 'branding.primaryColor': 'Primary colour', events: 'Events' },
    );
    expect(e.fields).toEqual({
      'branding.primaryColor': 'Primary colour must be a hex colour like #2563eb.',
      branding: 'Branding is wrong somehow.',
      events: 'Events, entry 1, is not an event.',
    });
    expect(e.summary).toBe('Please correct the marked fields.');
  });

  it('words a problem about no field of the form without its path code', () => {
    const e = formErrors(invalid({ path: 'settings.businessHours.timezone', message: 'is not a time zone' }), {
      name: 'Name',
    });
    expect(e.fields).toEqual({});
    expect(e.summary).toBe('Settings business hours timezone is not a time zone.');
    expect(e.summary).not.toMatch(/[.]\w|`/);
    const sentenceOfItsOwn = formErrors(invalid({ path: 'slug', message: 'Use lowercase letters and dashes.' }), {});
    expect(sentenceOfItsOwn.summary).toBe('Slug: Use lowercase letters and dashes.');
  });

  it("says a refusal that is no field's in one sentence, in the form's own words where it has them", () => {
    const wrong = new ApiError(401, 'Email or password is incorrect.');
    expect(formErrors(wrong, { email: 'Email' }, { 401: 'Wrong email or password.' })).toEqual({
      fields: {},
      summary: 'Wrong email or password.',
    });
    expect(plainSentence(new ApiError(403, 'Missing permission settings:update.'))).toBe(
      'Your role does not allow this. Ask an owner or admin.',
    );
    expect(plainSentence(new ApiError(409, 'A role with this name already exists.'))).toBe(
      'A role with this name already exists.',
    );
    expect(plainSentence(new ApiError(0, 'Could not reach the server. Check your connection and try again.'))).toBe(
      'Could not reach the server. Check your connection and try again.',
    );
    expect(plainSentence(new Error('boom'))).toBe('Something did not work. Try again.');
    expect(formErrors(null, {})).toEqual({ fields: {}, summary: null });
  });

  it('ties an input to its message for assistive technology', () => {
    const e = formErrors(invalid({ path: 'url', message: 'must be an https URL' }), { url: 'URL', name: 'Name' });
    expect(invalidProps(e, 'hook', 'url', 'url-help')).toEqual({
      'aria-invalid': 'true',
      'aria-describedby': 'url-help hook-url-error',
    });
    expect(invalidProps(e, 'hook', 'name')).toEqual({ 'aria-invalid': undefined, 'aria-describedby': undefined });
  });
});
