// Request and answer shapes of two-factor sign-in and passkeys.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { PASSWORD_MAX_BYTES } from '../auth/password-policy.ts';

export const CodeSchema = z
  .string()
  .min(6)
  .max(32)
  .regex(/^[A-Za-z0-9 -]+$/)
  .openapi({
    description: 'A six-digit code from the authenticator app, or a recovery code (xxxxx-xxxxx).',
    example: '123456',
  });

export const TotpEnrolmentSchema = z
  .object({
    secret: z.string().openapi({ description: 'Base32 secret for manual entry; shown only until verified.' }),
    otpauthUrl: z.string().openapi({ description: 'otpauth://totp/… for the QR code.' }),
  })
  .openapi('TotpEnrolment');

export const VerifyTotpBody = z.object({ code: CodeSchema }).strict().openapi('VerifyTotp');

export const RecoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()).openapi({ description: 'Ten single-use codes, shown this once.' }) })
  .openapi('RecoveryCodes');

export const ProofBody = z
  .object({ code: CodeSchema.optional(), password: z.string().min(1).max(PASSWORD_MAX_BYTES).optional() })
  .strict()
  .openapi('TwoFactorProof', { description: 'A current code (or recovery code), or the password.' });

export const PasskeySchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.union([z.string(), z.null()]) })
  .openapi('Passkey');
export type Passkey = z.infer<typeof PasskeySchema>;

export const TwoFactorStatusSchema = z
  .object({
    totp: z.boolean().openapi({ description: 'An authenticator app is set up and verified.' }),
    recoveryCodesLeft: z.number().int(),
    passkeys: z.array(PasskeySchema),
    required: z.boolean().openapi({ description: "The tenant's policy requires two-factor sign-in." }),
    enrolled: z.boolean().openapi({ description: 'The agent has a second factor (app or passkey).' }),
  })
  .openapi('TwoFactorStatus');
export type TwoFactorStatus = z.infer<typeof TwoFactorStatusSchema>;

/** A WebAuthn JSON object (options to the browser, or its answer); its shape is checked by @simplewebauthn. */
export const WebAuthnJson = z.record(z.string(), z.unknown()).openapi('WebAuthnJson');

export const PasskeyOptionsSchema = z
  .object({
    options: WebAuthnJson,
    ceremony: z.string().openapi({ description: 'One-time token; send it back with the answer.' }),
  })
  .openapi('PasskeyOptions');

export const AddPasskeyBody = z
  .object({ ceremony: z.string().min(10).max(200), name: text({ max: 80, nonEmpty: true }), response: WebAuthnJson })
  .strict()
  .openapi('AddPasskey');

export const SecondStepBody = z
  .object({ challenge: z.string().min(10).max(200), code: CodeSchema })
  .strict()
  .openapi('TwoFactorStep');

export const ChallengeBody = z
  .object({ challenge: z.string().min(10).max(200) })
  .strict()
  .openapi('TwoFactorChallenge');

export const SecondStepPasskeyBody = z
  .object({ challenge: z.string().min(10).max(200), response: WebAuthnJson })
  .strict()
  .openapi('TwoFactorPasskeyStep');

export const PasskeySignInBody = z
  .object({ ceremony: z.string().min(10).max(200), response: WebAuthnJson })
  .strict()
  .openapi('PasskeySignIn');

export const TwoFactorRequiredSchema = z
  .object({
    twoFactorRequired: z.literal(true),
    challenge: z
      .string()
      .openapi({ description: 'One-time token of the second step (POST /auth/two-factor), valid 5 minutes.' }),
    methods: z.array(z.enum(['totp', 'passkey'])).openapi({ description: 'The second factors this agent has.' }),
  })
  .openapi('TwoFactorRequired');
