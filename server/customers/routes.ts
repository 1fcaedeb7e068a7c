// Customers of a tenant: create (deduplicated by email, any case), list, read, update, and a customer's tickets.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import {
  createRouter,
  commonErrors,
  IdParam,
  jsonBody,
  jsonContent,
  problemResponse,
  SECURITY,
} from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { idempotency } from '../middleware/idempotency.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { notFound } from '../lib/problem.ts';
import { TicketSchema } from '../tickets/schemas.ts';
import { buildListQuery, listTicketRows, sortValues, toTicket } from '../tickets/queries.ts';
import { ticketScopeOf } from '../tickets/scope.ts';
import { getCustomer, listCustomers } from './queries.ts';
import { CreateCustomerBody, CustomerSchema, PatchCustomerBody } from './schemas.ts';
import { createCustomer, updateCustomer } from './service.ts';

export function createCustomerRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Customer', 'cus_…');

  router.openapi(
    createRoute({
      method: 'post',
      path: '/customers',
      operationId: 'createCustomer',
      tags: ['Customers'],
      summary: 'Create a customer; an email already known (in any case) answers 409 with the existing customerId',
      security: SECURITY.tenant,
      middleware: [requirePermission('customers:create'), idempotency(deps)] as const,
      request: { body: jsonBody(CreateCustomerBody) },
      responses: {
        201: jsonContent(CustomerSchema, 'Created'),
        409: problemResponse('Email already belongs to a customer'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const customer = await createCustomer(db, c.get('tenantId'), c.req.valid('json'), deps.now());
      return c.json(customer, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/customers',
      operationId: 'listCustomers',
      tags: ['Customers'],
      summary: 'List customers, newest first; `q` matches the start of an email or name',
      security: SECURITY.tenant,
      middleware: [requirePermission('customers:read')] as const,
      request: { query: PageQuerySchema.extend({ q: z.string().trim().min(1).max(254).optional() }) },
      responses: { 200: jsonContent(pageOf(CustomerSchema), 'A page of customers'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor, q } = c.req.valid('query');
      const rows = await listCustomers(db, c.get('tenantId'), decodeCursor(cursor, Keyset.timeId), limit, q);
      return c.json(
        toPage(
          rows,
          limit,
          (r) => [r.createdAt, r.id],
          (r) => r,
        ),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/customers/{id}',
      operationId: 'getCustomer',
      tags: ['Customers'],
      summary: 'Read a customer',
      security: SECURITY.tenant,
      middleware: [requirePermission('customers:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(CustomerSchema, 'The customer'), ...commonErrors },
    }),
    async (c) => {
      const customer = await getCustomer(db, c.get('tenantId'), c.req.valid('param').id);
      if (!customer) throw notFound('Customer');
      return c.json(customer, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/customers/{id}',
      operationId: 'updateCustomer',
      tags: ['Customers'],
      summary: "Change a customer's name or email (an email taken by another customer answers 409)",
      security: SECURITY.tenant,
      middleware: [requirePermission('customers:update')] as const,
      request: { params: Params, body: jsonBody(PatchCustomerBody) },
      responses: {
        200: jsonContent(CustomerSchema, 'The customer'),
        409: problemResponse('Email already belongs to another customer'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const customer = await updateCustomer(
        db,
        c.get('tenantId'),
        c.req.valid('param').id,
        c.req.valid('json'),
        deps.now(),
      );
      return c.json(customer, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/customers/{id}/tickets',
      operationId: 'listCustomerTickets',
      tags: ['Customers'],
      summary: "A customer's tickets, most recently updated first",
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: { params: Params, query: PageQuerySchema },
      responses: { 200: jsonContent(pageOf(TicketSchema), 'A page of tickets'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const tenantId = c.get('tenantId');
      if (!(await getCustomer(db, tenantId, id))) throw notFound('Customer');
      const after = decodeCursor(cursor, Keyset.timeId);
      const query = buildListQuery(
        tenantId,
        { scope: ticketScopeOf(c), customerId: id },
        'updated',
        'desc',
        after,
        limit,
      );
      const rows = await listTicketRows(db, query);
      const now = deps.now();
      return c.json(
        toPage(
          rows,
          limit,
          (r) => sortValues('updated', r),
          (r) => toTicket(r, now),
        ),
        200,
      );
    },
  );

  return router;
}
