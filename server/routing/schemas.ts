// Zod schemas for routing rules: conditions on a new ticket, and the actions that set its team, priority, tags, assignee.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { PRIORITIES } from '../sla/schemas.ts';
import { CHANNELS, TagsSchema } from '../tickets/schemas.ts';

const Keyword = text({ max: 100, nonEmpty: true });
const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, 'must be a domain like example.com')
  .openapi({ example: 'example.com' });
const FieldValue = z.union([text({ max: 500 }), z.number(), z.boolean()]);

export const RuleConditionsSchema = z
  .object({
    channel: z.array(z.enum(CHANNELS)).min(1).max(CHANNELS.length).openapi({ description: 'Any of these channels.' }),
    keywords: z.array(Keyword).min(1).max(50).openapi({
      description: 'Any of these words or phrases in the subject or the first message (any case).',
    }),
    tags: TagsSchema.min(1).openapi({ description: 'The new ticket has any of these tags.' }),
    customFields: z
      .record(z.string().min(1).max(40), FieldValue)
      .openapi({ description: 'Every custom field named has this value.' }),
    requesterDomain: z.array(Domain).min(1).max(50).openapi({
      description: "The requester's email domain is one of these (or a subdomain of one).",
    }),
  })
  .partial()
  .strict()
  .openapi('RoutingConditions', {
    description: 'Every condition given must hold; an empty object matches every ticket.',
  });
export type RuleConditions = z.infer<typeof RuleConditionsSchema>;

export const RuleActionsSchema = z
  .object({
    teamId: z.string().min(1).max(64),
    priority: z.enum(PRIORITIES),
    tags: TagsSchema.min(1).openapi({ description: 'Tags added to the ticket.' }),
    assigneeId: z.string().min(1).max(64),
  })
  .partial()
  .strict()
  .openapi('RoutingActions', {
    description:
      'What a matching rule sets. What the creator of the ticket set themselves (e.g. `priority` in `POST /tickets`) is kept.',
  });
export type RuleActions = z.infer<typeof RuleActionsSchema>;

export const RoutingRuleSchema = z
  .object({
    id: z.string().openapi({ example: 'rule_…' }),
    name: z.string(),
    enabled: z.boolean(),
    position: z.number().int().openapi({ description: 'Rules run in ascending position.' }),
    conditions: RuleConditionsSchema,
    actions: RuleActionsSchema,
    stopProcessing: z.boolean().openapi({ description: 'When this rule matches, no later rule runs.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('RoutingRule');
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

export const RoutingRuleBody = z
  .object({
    name: text({ max: 100, nonEmpty: true }),
    enabled: z.boolean().default(true),
    conditions: RuleConditionsSchema.default({}),
    actions: RuleActionsSchema,
    stopProcessing: z.boolean().default(false),
  })
  .strict()
  .openapi('RoutingRuleInput');
export type RoutingRuleInput = z.infer<typeof RoutingRuleBody>;

export const RoutingRulePatchBody = z
  .object({
    name: text({ max: 100, nonEmpty: true }),
    enabled: z.boolean(),
    conditions: RuleConditionsSchema,
    actions: RuleActionsSchema,
    stopProcessing: z.boolean(),
  })
  .partial()
  .strict()
  .openapi('RoutingRulePatch');
export type RoutingRulePatch = z.infer<typeof RoutingRulePatchBody>;

export const ReorderRulesBody = z
  .object({
    ids: z.array(z.string().min(1).max(64)).min(1).max(500).openapi({
      description: 'Rule ids, once each: these run first, in this order; the others keep theirs after them.',
    }),
  })
  .strict()
  .openapi('ReorderRoutingRules');
