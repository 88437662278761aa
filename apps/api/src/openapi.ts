import {
  Attachment, AwardNotice, Bid, BidAttachment, BidList, CapabilityProfile, Comparison, Me, MyBid, MyBidsList, NotificationList, Objection,
  ObjectionList, Order, OrderListing, Organisation, Problem, PublicVendor, Question, QuestionList, RegistrationReceived, ReviewQueue, SessionList,
  Timeline, UnreadCount, UsccCheckResponse, VendorQueue, PolicyServiceList, PolicyService, ServiceVersionList, EligibilityOverview,
  PolicyCase, PolicyServiceSearchPage, CaseList, CaseQueue, CaseMessage, CaseMessageList, CalendarOverview, CalendarYear, OrganisationFacts,
  ServiceTemplate, MilestoneImplementation, DeliveryFile, BuyerPaymentRecord, DisputeQueue, ContractImplementation, ContractReviews,
  TrackRecord, OrderContract, ContractList, Announcement, AnnouncementList, AllianceEvent, EventList, AttendeeList, EventAttendee,
  CuratedListing, CuratedListingPage, FeaturedListings, Sitemap, Desk, AuditPage,
  MyMembership, Membership, MembershipQueue, MemberDirectory, IndustrialBase, IndustrialBaseList,
} from '@annex/contracts';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Hook } from '@hono/zod-openapi';
import type { AppEnv } from './env.ts';
import { AppError, type FieldError } from './errors.ts';

const openapiMethod = z.ZodType.prototype.openapi as (this: z.ZodType, refId: string) => z.ZodType;

/**
 * A copy of a schema that the OpenAPI document shows as a $ref to components/schemas/<name>.
 * Calls the `.openapi()` that @hono/zod-openapi adds to zod's prototype explicitly: zod 4 copies
 * prototype methods onto each schema when it is built, so schemas of @annex/contracts built before
 * that patch do not have it as a method.
 */
export const named = <T extends z.ZodType>(schema: T, name: string): T => openapiMethod.call(schema, name) as T;

/** The response schemas of the contracts, named. */
export const S = {
  Problem: named(Problem, 'Problem'),
  MyMembership: named(MyMembership, 'MyMembership'),
  Membership: named(Membership, 'Membership'),
  MembershipQueue: named(MembershipQueue, 'MembershipQueue'),
  MemberDirectory: named(MemberDirectory, 'MemberDirectory'),
  IndustrialBase: named(IndustrialBase, 'IndustrialBase'),
  IndustrialBaseList: named(IndustrialBaseList, 'IndustrialBaseList'),
  ContractReviews: named(ContractReviews, 'ContractReviews'),
  TrackRecord: named(TrackRecord, 'TrackRecord'),
  Me: named(Me, 'Me'),
  RegistrationReceived: named(RegistrationReceived, 'RegistrationReceived'),
  Organisation: named(Organisation, 'Organisation'),
  CapabilityProfile: named(CapabilityProfile, 'CapabilityProfile'),
  SessionList: named(SessionList, 'SessionList'),
  UsccCheckResponse: named(UsccCheckResponse, 'UsccCheckResponse'),
  VendorQueue: named(VendorQueue, 'VendorQueue'),
  OrderListing: named(OrderListing, 'OrderListing'),
  PublicVendor: named(PublicVendor, 'PublicVendor'),
  Order: named(Order, 'Order'),
  Attachment: named(Attachment, 'Attachment'),
  Question: named(Question, 'Question'),
  QuestionList: named(QuestionList, 'QuestionList'),
  Bid: named(Bid, 'Bid'),
  BidAttachment: named(BidAttachment, 'BidAttachment'),
  MyBid: named(MyBid, 'MyBid'),
  BidList: named(BidList, 'BidList'),
  MyBidsList: named(MyBidsList, 'MyBidsList'),
  Comparison: named(Comparison, 'Comparison'),
  AwardNotice: named(AwardNotice, 'AwardNotice'),
  Objection: named(Objection, 'Objection'),
  ObjectionList: named(ObjectionList, 'ObjectionList'),
  NotificationList: named(NotificationList, 'NotificationList'),
  UnreadCount: named(UnreadCount, 'UnreadCount'),
  Timeline: named(Timeline, 'Timeline'),
  ReviewQueue: named(ReviewQueue, 'ReviewQueue'),
  PolicyServiceList: named(PolicyServiceList, 'PolicyServiceList'),
  PolicyService: named(PolicyService, 'PolicyService'),
  ServiceVersionList: named(ServiceVersionList, 'ServiceVersionList'),
  EligibilityOverview: named(EligibilityOverview, 'EligibilityOverview'),
  PolicyServiceSearchPage: named(PolicyServiceSearchPage, 'PolicyServiceSearchPage'),
  PolicyCase: named(PolicyCase, 'PolicyCase'),
  OrderContract: named(OrderContract, 'OrderContract'),
  ContractList: named(ContractList, 'ContractList'),
  CaseList: named(CaseList, 'CaseList'),
  CaseQueue: named(CaseQueue, 'CaseQueue'),
  CaseMessage: named(CaseMessage, 'CaseMessage'),
  CaseMessageList: named(CaseMessageList, 'CaseMessageList'),
  CalendarOverview: named(CalendarOverview, 'CalendarOverview'),
  CalendarYear: named(CalendarYear, 'CalendarYear'),
  OrganisationFacts: named(OrganisationFacts, 'OrganisationFacts'),
  ServiceTemplate: named(ServiceTemplate, 'ServiceTemplate'),
  MilestoneImplementation: named(MilestoneImplementation, 'MilestoneImplementation'),
  DeliveryFile: named(DeliveryFile, 'DeliveryFile'),
  BuyerPaymentRecord: named(BuyerPaymentRecord, 'BuyerPaymentRecord'),
  DisputeQueue: named(DisputeQueue, 'DisputeQueue'),
  ContractImplementation: named(ContractImplementation, 'ContractImplementation'),
  Announcement: named(Announcement, 'Announcement'),
  AnnouncementList: named(AnnouncementList, 'AnnouncementList'),
  AllianceEvent: named(AllianceEvent, 'AllianceEvent'),
  EventList: named(EventList, 'EventList'),
  AttendeeList: named(AttendeeList, 'AttendeeList'),
  EventAttendee: named(EventAttendee, 'EventAttendee'),
  CuratedListing: named(CuratedListing, 'CuratedListing'),
  CuratedListingPage: named(CuratedListingPage, 'CuratedListingPage'),
  FeaturedListings: named(FeaturedListings, 'FeaturedListings'),
  Sitemap: named(Sitemap, 'Sitemap'),
  Desk: named(Desk, 'Desk'),
  AuditPage: named(AuditPage, 'AuditPage'),
};

/** zod issues as the problem's errors[]: a dotted path and a message. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
}

const TARGET_PREFIX: Record<string, string> = { json: '', query: 'query', param: 'path', header: 'header', cookie: 'cookie' };

/** Every route validates through this: a failed zod parse becomes 400 validation_failed. */
export const validationHook: Hook<unknown, AppEnv, string, undefined> = (result) => {
  if (!result.success) {
    const errors = fieldErrors(result.error, TARGET_PREFIX[result.target] ?? result.target);
    throw new AppError('validation_failed', `the request is invalid: ${errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; ')}`, { errors: errors });
  }
  return undefined;
};

/** A sub-app for one resource. */
export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

/** A JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});

/** A JSON response. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (validation_failed, malformed_json)',
  401: 'Not signed in, or the session has expired',
  403: 'Not allowed (forbidden, csrf_origin_mismatch, bids_sealed)',
  404: 'No such resource, or one of another organisation',
  409: 'Conflicts with the current state (invalid_transition, bidding_closed, already_awarded, questions_closed, idempotency_key_in_use, saved_search_name_taken, catalogue_code_taken, agency_name_taken, version_conflict, policy_case_already_open, service_code_taken, import_already_confirmed, review_window_over, contract_not_ended, review_window_closed, already_reviewed, already_replied, registration_closed, already_registered, not_registered, event_started, listing_hidden, membership_exists, statistics_period_exists, statistics_period_closed)',
  410: 'Gone (import_expired: a catalogue import\'s preview waits a day)',
  413: 'Body larger than allowed (1 MB; a file 20 MB; import_file_too_large)',
  415: 'Body is not application/json (uploads: multipart/form-data; import_unsupported_file)',
  422: 'Breaks a rule (rule_violation, not_eligible with reasons, idempotency_key_reused, saved_search_limit_reached, materials_incomplete, import_bad_header, import_no_rows, import_too_many_rows, import_unreadable_file, import_has_problems, listing_not_public, report_invalid, statistics_period_not_openable, webhook_limit_reached, webhook_destination_not_allowed)',
  429: 'Too many attempts; see Retry-After',
  503: 'A dependency is unavailable',
};

/** Problem+json responses for the given statuses. */
export function problems<const S extends readonly (keyof typeof PROBLEM_DESCRIPTIONS)[]>(...statuses: S) {
  return Object.fromEntries(
    statuses.map((s) => [s, { content: { 'application/problem+json': { schema: S.Problem } }, description: PROBLEM_DESCRIPTIONS[s] ?? 'Error' }]),
  ) as { [K in S[number]]: { content: { 'application/problem+json': { schema: typeof S.Problem } }; description: string } };
}

/** Requests that change state: JSON only (415), from our origin (403), at most 1 MB (413). */
export const WRITE_PROBLEMS = [400, 403, 413, 415] as const;

/** The session cookie, as the document's security requirement. */
export const sessionSecurity = [{ sessionCookie: [] }];

/** The optional Idempotency-Key header of creating POSTs. */
export const idempotencyHeader = z.object({
  'idempotency-key': z.string().max(255).optional().openapi({
    description: 'Same key and body within 24 h: the first response again. Same key, other body: 422 idempotency_key_reused.',
  }),
});

/** An id in a path. Any text up to 64 characters: an unknown or malformed id is 404, never 400. */
export const PathId = z.string().max(64).openapi({ format: 'uuid' });
