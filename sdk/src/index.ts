// @helpdesk/sdk: the typed client, its error type and the webhook verifier.
export { createHelpdesk, type Helpdesk, type HelpdeskOptions, type ListItem, type ListPath } from './client.ts';
export { HelpdeskError, type FieldError, type ProblemDetails } from './errors.ts';
export { isRetryableStatus, serverDelayMs, type RetryOptions, type Sleep } from './retry.ts';
export {
  verifyWebhook,
  WebhookVerificationError,
  type VerifyWebhookOptions,
  type WebhookEvent,
  type WebhookHeaders,
} from './webhooks.ts';
export type { components, paths } from './schema.ts';
