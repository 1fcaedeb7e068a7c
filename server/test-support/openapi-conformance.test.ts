import { describe, expect, it } from 'vitest';
import { Conformance, type Answer, type Sent } from './openapi-conformance.ts';

const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const doc = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  components: {
    schemas: {
      Problem: { type: 'object', properties: { status: { type: 'integer' } }, required: ['status'] },
      Thing: {
        type: 'object',
        properties: { id: { type: 'string' }, url: { type: 'string', format: 'uri' } },
        required: ['id'],
      },
    },
  },
  paths: {
    '/things': {
      get: {
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } }],
        responses: {
          200: {
            description: 'ok',
            content: {
              'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } },
            },
          },
        },
      },
      post: {
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', properties: { host: { type: 'string', pattern: '^[a-z.]+$' } } },
            },
          },
        },
        responses: {
          201: {
            description: 'made',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          422: { description: 'bad', content: problem },
        },
      },
    },
    '/things/bulk': { post: { responses: { 204: { description: 'done' } } } },
    '/things/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 5 } }],
        responses: {
          200: {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
        },
      },
      delete: { responses: { 204: { description: 'gone' } } },
    },
    '/stream': { get: { responses: { 200: { description: 'events', content: { 'text/event-stream': {} } } } } },
  },
};

const checker = new Conformance(doc as never);
const json = (status: number, body: unknown, type = 'application/json'): Answer => ({
  status,
  contentType: `${type}; charset=UTF-8`,
  text: JSON.stringify(body),
});
const get = (url: string): Sent => ({ method: 'GET', url, contentType: null, body: null });
const post = (url: string, body?: unknown): Sent => ({
  method: 'POST',
  url,
  contentType: body === undefined ? null : 'application/json',
  body: body === undefined ? null : JSON.stringify(body),
});

describe('OpenAPI conformance of an answer', () => {
  it('passes answers that match the schema for their status and media type', () => {
    expect(checker.check(get('/things?limit=5'), json(200, [{ id: 'a', url: 'https://x.example/logo.svg' }]))).toEqual(
      [],
    );
    expect(checker.check(post('/things', { host: 'a.b' }), json(201, { id: 'a' }))).toEqual([]);
    expect(
      checker.check(post('/things', { host: 'NOPE' }), json(422, { status: 422 }, 'application/problem+json')),
    ).toEqual([]);
    expect(
      checker.check(
        { method: 'DELETE', url: '/things/a', contentType: null, body: null },
        { status: 204, contentType: null, text: null },
      ),
    ).toEqual([]);
  });

  it('flags a body that breaks its schema, naming the field', () => {
    const [m] = checker.check(get('/things/a'), json(200, { id: null }));
    expect(m).toContain('GET /things/{id} answered 200');
    expect(m).toContain('/id must be string');
    const [uri] = checker.check(
      get('/things/a'),
      json(200, { id: 'a', url: 'http://x/logo.svg?"><img src=x onerror=alert(1)>' }),
    );
    expect(uri).toContain('/url must match format "uri"');
  });

  it('flags a status the operation does not document, and a media type its answer does not have', () => {
    expect(checker.check(get('/things/a'), json(404, { status: 404 }, 'application/problem+json'))[0]).toContain(
      'a status the document does not list',
    );
    expect(checker.check(post('/things', {}), json(422, { status: 422 }))[0]).toContain(
      'with application/json, but the document',
    );
    expect(checker.check(get('/things/a'), { status: 200, contentType: null, text: null })[0]).toContain(
      'with no body',
    );
  });

  it('prefers a literal path over a template, and leaves calls that are no operation alone', () => {
    expect(checker.check(post('/things/bulk'), { status: 204, contentType: null, text: null })).toEqual([]);
    expect(checker.check(get('/nowhere'), json(404, {}))).toEqual([]);
    expect(checker.check(get('/stream'), { status: 200, contentType: 'text/event-stream', text: null })).toEqual([]);
  });

  it('flags an accepted request the document forbids: body, query and path values', () => {
    expect(checker.check(post('/things', { host: 'Example.COM' }), json(201, { id: 'a' }))[0]).toContain(
      'accepted (201) a application/json body that the document forbids',
    );
    expect(checker.check(get('/things?limit=500'), json(200, []))[0]).toContain('query parameter limit = "500"');
    expect(checker.check(get('/things/toolong'), json(200, { id: 'a' }))[0]).toContain('path parameter id = "toolong"');
    // refused requests are the server's business: only accepted ones must be documented as valid
    expect(
      checker.check(get('/things?limit=500'), json(422, { status: 422 }, 'application/problem+json'))[0],
    ).toContain('a status the document does not list');
  });
});
