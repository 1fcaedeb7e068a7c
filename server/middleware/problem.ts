// Turns every thrown error into RFC 9457 problem+json; nothing internal (stack, SQL, ids) leaks out.
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../types.ts';
import type { Logger } from '../lib/logger.ts';
import { badRequest, internalError, Problem, tooLarge } from '../lib/problem.ts';

export function sendProblem(c: Context, p: Problem) {
  for (const [k, v] of Object.entries(p.headers)) c.header(k, v);
  return c.body(JSON.stringify(p.toJSON()), p.status as 400, { 'Content-Type': 'application/problem+json' });
}

export function problemHandler(logger: Logger): ErrorHandler<AppEnv> {
  return function onError(err, c) {
    if (err instanceof Problem) return sendProblem(c, err);
    if (err instanceof HTTPException) {
      const status = err.status;
      if (status === 400) return sendProblem(c, badRequest('Malformed JSON in request body.'));
      if (status === 413) return sendProblem(c, tooLarge());
      return sendProblem(c, new Problem(status, err.message || 'Request refused.'));
    }
    logger.error('unhandled error', {
      requestId: c.get('requestId'),
      error: err instanceof Error ? err.message : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    return sendProblem(c, internalError(c.get('requestId')));
  };
}

export const notFoundHandler: NotFoundHandler<AppEnv> = function onNotFound(c) {
  return sendProblem(c, new Problem(404, `No route for ${c.req.method} ${c.req.path}.`));
};
