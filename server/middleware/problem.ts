// Turns every thrown error into RFC 9457 problem+json; nothing internal (stack, SQL, ids) leaks out.
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../types.ts';
import type { Logger } from '../lib/logger.ts';
import { Problem } from '../lib/problem.ts';

export function sendProblem(c: Context, p: Problem) {
  for (const [k, v] of Object.entries(p.headers)) c.header(k, v);
  return c.body(JSON.stringify(p.toJSON()), p.status as 400, { 'Content-Type': 'application/problem+json' });
}

export function problemHandler(logger: Logger): ErrorHandler<AppEnv> {
  return function onError(err, c) {
    if (err instanceof Problem) return sendProblem(c, err);
    if (err instanceof HTTPException) {
      const status = err.status;
      const detail =
        status === 400
          ? 'Malformed JSON in request body.'
          : status === 413
            ? 'Request body is larger than 1 MB.'
            : err.message || 'Request refused.';
      return sendProblem(c, new Problem(status, detail));
    }
    logger.error('unhandled error', {
      requestId: c.get('requestId'),
      error: err instanceof Error ? err.message : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    return sendProblem(
      c,
      new Problem(500, `Something went wrong on our side. Quote request id ${c.get('requestId')} to support.`),
    );
  };
}

export const notFoundHandler: NotFoundHandler<AppEnv> = function onNotFound(c) {
  return sendProblem(c, new Problem(404, `No route for ${c.req.method} ${c.req.path}.`));
};
