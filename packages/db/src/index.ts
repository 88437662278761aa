export { createSql, withTransaction, embeddedClientOptions, type Sql, type Tx, type Db, type SqlOptions } from './client.ts';
export {
  migrate, migrationStatus, loadMigrations, migrationChecksum, MigrationError, MIGRATIONS_DIR,
  type Migration, type MigrateOptions,
} from './migrate.ts';
export {
  UniqueViolation, InvalidCursorError, isUniqueViolation, sqlState, CONSTRAINTS,
} from './errors.ts';
export { users, normalizeEmail, type UserRow } from './repositories/users.repo.ts';
export {
  organisations, type OrganisationRecord, type VerificationRecord, type VendorQueueRecord, type MembershipRecord,
  type MemberRecord, type NewOrganisation, type OrganisationPatch,
} from './repositories/organisations.repo.ts';
export { sessions, type SessionRow, type NewSession } from './repositories/sessions.repo.ts';
export { loginFailures } from './repositories/login-failures.repo.ts';
export { audit, type AuditEntry, type AuditRow } from './repositories/audit.repo.ts';
export {
  outbox, type OutboxMessage, type OutboxRow, type ClaimOptions, type BackoffOptions,
} from './repositories/outbox.repo.ts';
export { orders, PUBLISHED_ORDER_STATUSES, type PublishedOrderRow, type NewOrder } from './repositories/orders.repo.ts';
export { health } from './repositories/health.repo.ts';
export {
  startEmbeddedPostgres, isDataDirLocked, DataDirLockedError, type EmbeddedPostgres, type EmbeddedPostgresOptions,
} from './embedded/embedded.ts';
