// Gives every request an id (echoed in X-Request-Id) and logs one JSON line when it ends.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../types.ts';
import type { Logger } from '../lib/logger.ts';
import { randomUUID } from 'node:crypto';

export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function requestContextMiddleware(c, next) {
    const incoming = c.req.header('x-request-id');
    const id = incoming && /^[\w.-]{8,64}$/.test(incoming) ? incoming : `req_${randomUUID().replaceAll('-', '')}`;
    c.set('requestId', id);
    const started = performance.now();
    await next();
    // Straight onto the answer's headers: c.header() after the answer exists rebuilds the whole Response.
    try {
      c.res.headers.set('X-Request-Id', id);
    } catch {
      c.header('X-Request-Id', id); // an answer with immutable headers
    }
    const status = c.res.status;
    const fields = {
      requestId: id,
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) logger.error('request', fields);
    else logger.info('request', fields);
  };
}
