// Custom ticket field definitions: list, create, change, delete (text, number, select, checkbox, date; required or not).
import { createRoute, z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, IdParam, jsonBody, jsonContent, problemResponse, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { newId } from '../lib/ids.ts';
import { conflict, invalidField, notFound } from '../lib/problem.ts';
import { CustomFieldSchema, deleteField, FIELD_TYPES, getField, insertField, listFields, updateField } from './fields.ts';

const MAX_FIELDS = 50;
const Options = z.array(text({ max: 100, nonEmpty: true })).max(100);

const CreateFieldBody = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be 1–40 lowercase letters, digits or _ and start with a letter'),
    label: text({ max: 100, nonEmpty: true }),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    options: Options.optional().openapi({ description: 'Required for select fields.' }),
    position: z.number().int().min(0).max(1000).optional(),
  })
  .strict()
  .openapi('CreateCustomField');

const PatchFieldBody = z
  .object({ label: CreateFieldBody.shape.label, required: z.boolean(), options: Options, position: z.number().int().min(0).max(1000) })
  .partial()
  .strict()
  .openapi('UpdateCustomField');

export function createCustomFieldRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Custom field', 'fld_…');

  router.openapi(
    createRoute({
      method: 'get',
      path: '/custom-fields',
      tags: ['Custom fields'],
      summary: 'The tenant\'s custom ticket fields, in display order',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      responses: { 200: jsonContent(z.object({ data: z.array(CustomFieldSchema) }), 'All fields'), ...commonErrors },
    }),
    async (c) => c.json({ data: await listFields(db, c.get('tenantId')) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/custom-fields',
      tags: ['Custom fields'],
      summary: 'Define a custom ticket field',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { body: jsonBody(CreateFieldBody) },
      responses: { 201: jsonContent(CustomFieldSchema, 'Created'), 409: problemResponse('Key already used'), ...commonErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const tenantId = c.get('tenantId');
      if (body.type === 'select' && !body.options?.length) throw invalidField('options', 'A select field needs at least one option.');
      if (body.type !== 'select' && body.options?.length) throw invalidField('options', 'Only select fields have options.');
      const id = newId('fld');
      const now = deps.now().toISOString();
      await db.tx(async (tx) => {
        const existing = await listFields(tx, tenantId);
        if (existing.some((f) => f.key === body.key)) throw conflict(`A custom field with key ${body.key} already exists.`);
        if (existing.length >= MAX_FIELDS) throw invalidField('key', `A help desk has at most ${MAX_FIELDS} custom fields.`);
        await insertField(tx, tenantId, { id, key: body.key, label: body.label, type: body.type, required: body.required, options: [...new Set(body.options ?? [])], position: body.position ?? existing.length }, now);
      });
      return c.json((await getField(db, tenantId, id))!, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/custom-fields/{id}',
      tags: ['Custom fields'],
      summary: 'Change a field\'s label, required flag, options or position (key and type are fixed)',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { params: Params, body: jsonBody(PatchFieldBody) },
      responses: { 200: jsonContent(CustomFieldSchema, 'The field'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const tenantId = c.get('tenantId');
      const field = await getField(db, tenantId, id);
      if (!field) throw notFound('Custom field');
      if (body.options && field.type !== 'select') throw invalidField('options', 'Only select fields have options.');
      if (body.options && !body.options.length) throw invalidField('options', 'A select field needs at least one option.');
      const next = { ...field, ...body, options: body.options ? [...new Set(body.options)] : field.options };
      await updateField(db, tenantId, next, deps.now().toISOString());
      return c.json((await getField(db, tenantId, id))!, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/custom-fields/{id}',
      tags: ['Custom fields'],
      summary: 'Delete a field definition (values already on tickets are kept as they are)',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const { id } = c.req.valid('param');
      if (!(await getField(db, tenantId, id))) throw notFound('Custom field');
      await deleteField(db, tenantId, id);
      return c.body(null, 204);
    },
  );

  return router;
}
