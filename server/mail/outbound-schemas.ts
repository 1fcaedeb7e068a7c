// Zod schemas of the outbound-mail API: the mail log and an agent's notification choices.
import { z } from '@hono/zod-openapi';
import { MAIL_KINDS } from './templates.ts';

export const MAIL_STATUSES = ['queued', 'sent', 'failed', 'bounced', 'not_sent'] as const;

export const MailLogEntrySchema = z
  .object({
    id: z.string().openapi({ example: 'mail_…' }),
    ticketId: z.string().nullable(),
    kind: z
      .enum(MAIL_KINDS)
      .openapi({ description: 'Which mail: confirmation, reply, resolved, or an agent notification.' }),
    recipient: z.string().openapi({ example: 'maya@example.com' }),
    subject: z.string().openapi({ example: '[#42] Tent pole snapped' }),
    messageId: z.string().openapi({ description: 'Our Message-ID, without angle brackets.' }),
    status: z.enum(MAIL_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable().openapi({ description: 'When a queued mail is tried (again).' }),
    smtpResponse: z.string().nullable().openapi({
      example: '250 2.0.0 OK queued',
      description: "The SMTP server's last answer, or why it was not sent.",
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('MailLogEntry');
export type MailLogEntry = z.infer<typeof MailLogEntrySchema>;

export const NotificationPrefsSchema = z
  .object({
    newTicket: z.boolean().openapi({ description: 'Mail me about every new ticket I can see.' }),
    assignedToMe: z.boolean().openapi({ description: 'Mail me when a ticket is assigned to me.' }),
    customerReplied: z
      .boolean()
      .openapi({ description: 'Mail me when the customer replies on a ticket assigned to me.' }),
    weeklySummary: z.boolean().openapi({
      description:
        "Mail me last week's figures every Monday at 08:00 in the tenant's time zone (needs `analytics:read`).",
    }),
  })
  .openapi('NotificationPreferences');

export const NotificationPrefsPatchSchema = NotificationPrefsSchema.partial()
  .strict()
  .openapi('NotificationPreferencesPatch');
