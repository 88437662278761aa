export { hashPassword, verifyPassword, verifyAgainstDummy, ARGON2_OPTIONS } from './password-hash.ts';
export {
  checkPasswordPolicy, isCommonPassword, PASSWORD_PROBLEM_MESSAGES, type PasswordProblem,
} from './password-policy.ts';
export {
  THROTTLE_RULES, REGISTRATION_RULES, pairDelaySeconds, decideLoginThrottle, throttleSource, type ThrottleDecision,
  type ThrottleFacts, type ThrottleReason,
} from './throttle.ts';
export { beginLoginAttempt, takeRegistrationSlot, type LoginAttempt } from './login-throttle.ts';
export {
  createSessionManager, generateSessionToken, sessionIdFromToken, sessionCookieName, RENEWAL_INTERVAL_MS,
  type SessionManager, type SessionPolicy, type CookiePolicy, type ValidSession, type SessionUser,
  type ValidationResult,
} from './sessions.ts';
export { createLimiter } from './limiter.ts';
export {
  purgeExpiredAuthRecords, LOGIN_FAILURE_RETENTION_SECONDS, type AuthHousekeepingReport,
} from './housekeeping.ts';
export { createLuciaAdapter, type SessionAttributes, type UserAttributes } from './lucia-adapter.ts';
export {
  generateTokenSecret, tokenSecretHash, isApiTokenText, newTokenSecret, authenticateApiToken, takeTokenRequest, type TokenAuthentication,
} from './api-tokens.ts';
export { WEBHOOK_SIGNATURE_HEADER, generateWebhookSecret, verifyWebhookSignature, webhookSignature } from './webhook-signature.ts';
