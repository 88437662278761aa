import { COUNTY_CODES, MEMBER_ROLES, ORG_KINDS, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, REGISTRABLE_ORG_KINDS, countyRequired } from '@annex/domain';
import { z } from 'zod';
import { Id, IsoDateTime, Phone } from './common.ts';
import { singleLine } from './text.ts';
import { Organisation } from './organisations.ts';
import { EMAIL_MAX_LENGTH, EMAIL_PATTERN } from './vocabulary.ts';

export const Email = z.string().trim().toLowerCase().max(EMAIL_MAX_LENGTH).pipe(z.email({ pattern: EMAIL_PATTERN }));
export const Password = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

export const RegisterRequest = z
  .object({
    email: Email,
    password: Password,
    displayName: singleLine(1, 60),
    organisation: z.object({
      kind: z.enum(REGISTRABLE_ORG_KINDS),
      name: singleLine(2, 100),
      uscc: z.string().max(40),
      contactName: singleLine(1, 60),
      contactPhone: Phone,
      county: z.enum(COUNTY_CODES).optional(),
    }),
  })
  .refine((r) => !countyRequired(r.organisation.kind) || r.organisation.county !== undefined, {
    path: ['organisation', 'county'],
    message: 'vendors, training institutions and base operators must give their county or district',
  });
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const LoginRequest = z.object({ email: Email, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ChangePasswordRequest = z.object({ currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH), newPassword: Password });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const User = z.object({ id: Id, email: z.string(), displayName: z.string(), createdAt: IsoDateTime });
export type User = z.infer<typeof User>;

export const Me = z.object({
  user: User,
  organisation: Organisation,
  role: z.enum(MEMBER_ROLES),
  /** The bell's count, so that a page needs one request to know who is signed in and what waits for them. */
  unreadNotifications: z.number().int().nonnegative(),
});
export type Me = z.infer<typeof Me>;

/** A session's public id: the hex SHA-256 of its token (the token itself never leaves the cookie). */
export const SessionId = z.string().regex(/^[0-9a-f]{64}$/);
export const Session = z.object({
  id: SessionId,
  createdAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  expiresAt: IsoDateTime,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});
export type Session = z.infer<typeof Session>;
export const SessionList = z.object({ items: z.array(Session) });

/** The format check of a USCC; whether a code is registered is not told to anyone. */
export const UsccCheckResponse = z.object({
  normalised: z.string(),
  valid: z.boolean(),
  problem: z.enum(['empty', 'length', 'characters', 'division', 'checksum']).nullable(),
});
export type UsccCheckResponse = z.infer<typeof UsccCheckResponse>;

/**
 * The one answer to a valid registration, whether or not it created anything: it must not tell who has
 * an account. The next step is to sign in with the same e-mail address and password.
 */
export const RegistrationReceived = z.object({
  status: z.literal('received'),
  detail: z.string(),
});
export type RegistrationReceived = z.infer<typeof RegistrationReceived>;

export { ORG_KINDS };
