export {
  createSql, withTransaction, transaction, onOneConnection, isTransaction, embeddedClientOptions, type Sql, type Tx,
  type Db, type SqlOptions,
} from './client.ts';
export {
  migrate, migrationStatus, loadMigrations, migrationChecksum, MigrationError, MIGRATIONS_DIR,
  type Migration, type MigrateOptions,
} from './migrate.ts';
export {
  UniqueViolation, InvalidCursorError, isUniqueViolation, isDatabaseUnavailable, sqlState, CONSTRAINTS,
} from './errors.ts';
export { users, normalizeEmail, type UserRow } from './repositories/users.repo.ts';
export {
  organisations, type OrganisationRecord, type VerificationRecord, type VendorQueueRecord, type MembershipRecord,
  type MemberRecord, type NewOrganisation, type OrganisationPatch, type OrganisationFacts,
} from './repositories/organisations.repo.ts';
export { sessions, type SessionRow, type NewSession, type SessionMembership } from './repositories/sessions.repo.ts';
export {
  loginFailures, registrationAttempts, type LoginFailureFacts,
} from './repositories/login-failures.repo.ts';
export { audit, type AuditEntry, type AuditRow, type AuditFilters } from './repositories/audit.repo.ts';
export {
  outbox, type OutboxMessage, type OutboxRow, type ClaimOptions, type BackoffOptions,
} from './repositories/outbox.repo.ts';
export {
  orders, dbNow, PUBLISHED_ORDER_STATUSES, type PublishedOrderRow, type PublishedOrderStatus, type NewOrder, type NewDraft,
  type OrderRow, type OrderWithBuyerRow, type OrderFields, type OrderPatch, type VolumeUnit, type PublishedFilters,
  type OrderWriteResult, type OrderWriteFailure,
} from './repositories/orders.repo.ts';
export { orderAttachments, type AttachmentRow, type NewAttachment } from './repositories/order-attachments.repo.ts';
export { amendments, type AmendmentRow } from './repositories/order-amendments.repo.ts';
export { orderPage, type OrderPage, type OrderPageFacts } from './repositories/order-page.repo.ts';
export { timedSteps, type DueTransition } from './repositories/order-timed-steps.repo.ts';
export {
  bids, type BidLockMode, type BidGuardOptions, type BidWriteEffects, type BidAttachmentRow, type NewBidAttachment,
  type BidAttachmentWriteResult, type BidRow, type BidWithVendorRow, type VendorBidRow, type BidOfferFields, type NewBid, type BidRevisionRow,
  type BidWriteResult, type VendorBidContext,
} from './repositories/bids.repo.ts';
export { history, type PastOrderStamps } from './repositories/history.repo.ts';
export { awards, type AwardRow, type AwardNoticeRow } from './repositories/awards.repo.ts';
export {
  objections, type ObjectionRow, type ObjectionStatus, type ObjectionQueueRow, type FileObjectionResult,
} from './repositories/objections.repo.ts';
export { questions, type QuestionRow, type AskResult, type AnswerResult } from './repositories/questions.repo.ts';
export { notifications, type NotificationRow, type NewNotification } from './repositories/notifications.repo.ts';
export {
  email, type EmailRow, type EmailStatus, type EmailSettingsRow, type ClaimedEmailRow, type DigestItemRow, type RenderedEmail,
} from './repositories/email.repo.ts';
export {
  webhooks, type WebhookSubscriptionRow, type NewWebhookSubscription, type WebhookSubscriptionPatch, type WebhookDeliveryRow,
  type WebhookDeliveryStatus, type ClaimedWebhookDelivery, type WebhookAttemptRow, type AttemptOutcome,
} from './repositories/webhooks.repo.ts';
export {
  idempotency, IDEMPOTENCY_MIN_RETENTION_SECONDS, type IdempotencyRow, type IdempotencyBegin,
} from './repositories/idempotency.repo.ts';
export { jobs, type JobRow, type NewJob } from './repositories/jobs.repo.ts';
export { health } from './repositories/health.repo.ts';
export { operations, type QueueBacklog } from './repositories/operations.repo.ts';
export { backup, type ServerVersion } from './repositories/backup.repo.ts';
export {
  startEmbeddedPostgres, isDataDirLocked, DataDirLockedError, type EmbeddedPostgres, type EmbeddedPostgresOptions,
} from './embedded/embedded.ts';
export {
  searchSource, SEARCH_AGGREGATES, SEARCH_NOTIFY_CHANNEL, type SearchAggregate, type OrderSourceRow, type VendorSourceRow, type CatalogueSourceRow, type Versioned,
  type IdVersion,
} from './repositories/search.repo.ts';
export {
  agencies, type AgencyRow, type AgencyFields, type AgencyWriteResult, type CatalogueActor,
} from './repositories/agencies.repo.ts';
export {
  catalogue, type CatalogueWriteResult, type CatalogueWriteFailure, type CatalogueUpsertResult, type CatalogueFilters,
  type CatalogueSort, type EntryChanges,
} from './repositories/catalogue.repo.ts';
export type {
  CatalogueEntryFields, CatalogueEntryPatch, CatalogueEntryRow, CatalogueVolume, CatalogueContact, EntryAgency,
} from './repositories/catalogue-sql.ts';
export {
  catalogueImports, importOutcome, type CatalogueImportRow, type ImportRow, type ImportOutcome, type ImportCountsRow, type ImportProblemRow,
  type ImportConfirmResult, type ImportConfirmFailure,
} from './repositories/catalogue-imports.repo.ts';
export {
  catalogueInterests, type CatalogueInterestRow, type CatalogueLeadRow, type VendorInterestRow, type CatalogueInterestFields,
} from './repositories/catalogue-interests.repo.ts';
export { matching, toMatchVendor, type Covering, type MatchVendorRow, type MatchOrderRow } from './repositories/matching.repo.ts';
export {
  savedSearches, SAVED_SEARCH_ALERT_JOB, type SavedSearchRow, type AlertingSearchRow, type NewSavedSearchHit, type SavedSearchWriteResult,
} from './repositories/saved-searches.repo.ts';
export {
  policyServices, type ServiceRow, type ServiceVersionRow, type ServiceVersionFields, type PolicyBasis, type FaqItem,
  type ServiceListFilters, type ServiceFileRow,
} from './repositories/policy-services.repo.ts';
export {
  policyCases, type CaseRow, type CaseMaterialRow, type CaseFileRow, type NewCaseFile, type CaseMessageRow, type NewCase,
  type CaseStamp,
} from './repositories/policy-cases.repo.ts';
export { workingCalendar, type CalendarDayRow, type CalendarYearRow, type LibraryYear } from './repositories/working-calendar.repo.ts';
export { policyServiceSource, type PolicyServiceSourceRow } from './repositories/search-policy.repo.ts';
export {
  contracts, type ContractRow, type ContractListRow, type ContractVersionRow, type MilestoneRow, type ChangeOrderRow, type TerminationRow,
  type ContractWriteResult,
} from './repositories/contracts.repo.ts';
export { ocds, type OcdsFeedAfter } from './repositories/ocds.repo.ts';
export {
  deliveries, type DeliveryRow, type DeliveryDetail, type DeliveryFileRow, type DecisionRow, type InspectionRow, type InspectionErrorRow,
  type MilestoneContextRow, type MilestoneProgressRow, type NewDecision, type DeliveryWriteFailure,
} from './repositories/deliveries.repo.ts';
export { payments, disputes, type PaymentRow, type DisputeRow, type PaymentWriteFailure } from './repositories/payments.repo.ts';
export { reviews, type ReviewRow, type NewReview, type EndedContractRow } from './repositories/reviews.repo.ts';
export { trackRecords, type EndedContractFactsRow, type BuyerPaymentRow } from './repositories/track-records.repo.ts';
export {
  apiTokens, type ApiTokenRow, type ApiTokenListRow, type ApiTokenForRequest, type NewApiToken, type ApiTokenUsageRow,
} from './repositories/api-tokens.repo.ts';
export { announcements, type AnnouncementRow, type AnnouncementFields } from './repositories/announcements.repo.ts';
export {
  allianceEvents, type EventRow, type EventFields, type RegistrationRow, type AttendeeRow,
} from './repositories/alliance-events.repo.ts';
export { audiences } from './repositories/audiences.repo.ts';
export { curation, type CurationRow, type ListingFacts, type CuratedListingRow, type SitemapRow } from './repositories/curation.repo.ts';
export { notHidden } from './repositories/curation-sql.ts';
export { desk, AVAILABLE_QUEUES, type QueueFigures, type QueueItem } from './repositories/desk.repo.ts';
export {
  allianceMemberships, listMembersForStatistics, type AllianceMembershipRow, type MembershipApplicationRow, type CurrentMemberRow,
  type MemberDirectoryFilters,
} from './repositories/alliance-memberships.repo.ts';
export { industrialBases, type IndustrialBaseRow, type IndustrialBaseFields } from './repositories/industrial-bases.repo.ts';
export {
  statistics, type PeriodRow, type FilerRow, type ReportRow, type NewReportVersion, type ReminderCandidateRow, type MarketplaceQuarterRow,
} from './repositories/statistics.repo.ts';
export {
  kpi, type KpiQuarterRow, type KpiCountyRow, type KpiModalityRow, type KpiMonthRow, type KpiVendorRow, type KpiBaseRow, type KpiReportRow,
  type KpiNotFiledRow, type KpiDealRow,
} from './repositories/kpi.repo.ts';
export { allianceHistory } from './repositories/alliance-history.repo.ts';
