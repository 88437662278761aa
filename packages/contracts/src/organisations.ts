import { ListingCuration } from './curation.ts';
import {
  CERTIFICATIONS, COUNTY_CODES, MODALITIES, ORG_KINDS, REVENUE_BANDS, TASK_TYPES, VERIFICATION_STATUSES,
} from '@annex/domain';
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Phone } from './common.ts';
import { multiLine, singleLine } from './text.ts';

export const CapabilityProfile = z
  .object({
    modalities: z.array(z.enum(MODALITIES)).max(MODALITIES.length),
    taskTypes: z.array(z.enum(TASK_TYPES)).max(TASK_TYPES.length),
    headcount: z.number().int().min(0).max(100_000),
    dailyCapacity: z.partialRecord(z.enum(TASK_TYPES), z.number().int().min(0).max(100_000_000)),
    certifications: z.array(z.object({ name: z.enum(CERTIFICATIONS), expiresOn: IsoDate })).max(20),
    secureRoom: z.boolean(),
    tools: z.array(singleLine(1, 40)).max(20),
    yearsActive: z.number().int().min(0).max(100),
    revenueBand: z.enum(REVENUE_BANDS),
    aboveDesignatedSize: z.boolean(),
  })
  .refine((p) => Object.keys(p.dailyCapacity).every((t) => p.taskTypes.includes(t as never)), {
    path: ['dailyCapacity'],
    message: 'daily capacity is given for a task type the firm does not offer',
  });
export type CapabilityProfile = z.infer<typeof CapabilityProfile>;

export const Verification = z.object({
  status: z.enum(VERIFICATION_STATUSES),
  verifiedUntil: IsoDateTime.nullable(),
  reason: z.string().nullable(),
  updatedAt: IsoDateTime,
});
export type Verification = z.infer<typeof Verification>;

export const Organisation = z.object({
  id: Id,
  kind: z.enum(ORG_KINDS),
  name: z.string(),
  uscc: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  county: z.enum(COUNTY_CODES).nullable(),
  createdAt: IsoDateTime,
  /** vendors only */
  verification: Verification.nullable(),
  /** vendors only */
  capabilities: CapabilityProfile.nullable(),
});
export type Organisation = z.infer<typeof Organisation>;

export const UpdateOrganisationRequest = z
  .object({
    name: singleLine(2, 100),
    contactName: singleLine(1, 60),
    contactPhone: Phone,
    county: z.enum(COUNTY_CODES),
  })
  .partial()
  .refine((o) => Object.keys(o).length > 0, { message: 'nothing to change' });
export type UpdateOrganisationRequest = z.infer<typeof UpdateOrganisationRequest>;

export const VerificationDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), verifiedUntil: IsoDateTime.optional() }),
  z.object({ decision: z.literal('reject'), reason: multiLine(2, 500) }),
  z.object({ decision: z.literal('suspend'), reason: multiLine(2, 500) }),
  z.object({ decision: z.literal('reinstate') }),
]);
export type VerificationDecision = z.infer<typeof VerificationDecision>;

/** A row of the secretariat's vendor-verification queue. */
export const VendorQueueItem = Organisation.extend({
  ownerEmail: z.string(),
  submittedAt: IsoDateTime,
});
export type VendorQueueItem = z.infer<typeof VendorQueueItem>;
export const VendorQueue = z.object({ items: z.array(VendorQueueItem), nextCursor: z.string().nullable() });
export const VendorQueueQuery = z.object({
  status: z.enum(VERIFICATION_STATUSES).default('pending'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type VendorQueueQuery = z.infer<typeof VendorQueueQuery>;

/** The public profile of a verified vendor (no contact details). */
export const PublicVendor = z.object({
  id: Id,
  name: z.string(),
  county: z.enum(COUNTY_CODES).nullable(),
  verifiedUntil: IsoDateTime,
  capabilities: CapabilityProfile,
  /** the secretariat's curation, for its owner and the secretariat (absent for others and when never curated) */
  curation: ListingCuration.optional(),
});
export type PublicVendor = z.infer<typeof PublicVendor>;
