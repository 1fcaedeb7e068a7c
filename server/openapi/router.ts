// Route-group factory and shared OpenAPI pieces: every route validates with zod and documents itself.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../types.ts';
import { validationProblem } from '../lib/problem.ts';

/** Issues from zod become one `{ path, message }` per bad field. */
export function zodIssuesToErrors(issues: readonly { path: PropertyKey[]; message: string }[]) {
  return issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationProblem(zodIssuesToErrors(result.error.issues));
    },
  });
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** The error answers most authenticated routes can give. */
export const commonErrors = {
  400: problem('Malformed JSON'),
  401: problem('Missing or invalid credentials'),
  403: problem('Not permitted (permission, plan or tenant status)'),
  404: problem('Not found (including objects of other tenants)'),
  413: problem('Request body larger than 1 MB'),
  422: problem('Validation failed'),
  429: problem("Rate limited, or the plan's API calls per month are used up (API keys)"),
} as const;

export const problemResponse = problem;

export function jsonContent<T extends z.ZodTypeAny>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<T extends z.ZodTypeAny>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

export const IdParam = (name: string, example: string) =>
  z.object({
    id: z
      .string()
      .min(1)
      .max(64)
      .openapi({ param: { name: 'id', in: 'path' }, example, description: `${name} id` }),
  });

/** OpenAPI security requirement lists for the credential kinds; `public` says outright that no credential is needed. */
type SecurityRequirement = Record<string, string[]>;
export const SECURITY: Record<'tenant' | 'platform' | 'widget' | 'public', SecurityRequirement[]> = {
  tenant: [{ session: [] }, { apiKey: [] }],
  platform: [{ platformToken: [] }],
  widget: [{ widgetKey: [] }],
  public: [],
};
