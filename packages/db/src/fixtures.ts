import { randomBytes, randomInt } from 'node:crypto';
import { type CapabilityProfile, type OrgKind, usccCheckCharacter } from '@annex/domain';
import type { Db } from './client.ts';
import { type OrganisationRecord, organisations } from './repositories/organisations.repo.ts';
import { type UserRow, users } from './repositories/users.repo.ts';

// Test data builders shared by the db, auth and api tests (import from '@annex/db/fixtures.ts').

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A random USCC with a correct check character (division 371500, Liaocheng). */
export function randomUscc(): string {
  let body = '91371500';
  for (let i = 0; i < 9; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return body + usccCheckCharacter(body);
}

/** A random unique e-mail address. */
export function randomEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.cn`;
}

/** A random session id (hex SHA-256 shape). */
export function randomSessionId(): string {
  return randomBytes(32).toString('hex');
}

/** A filled-in vendor capability profile. */
export function sampleCapabilities(): CapabilityProfile {
  return {
    modalities: ['image', 'point_cloud'],
    taskTypes: ['bbox', 'semantic_segmentation', 'cuboid_3d'],
    headcount: 120,
    dailyCapacity: { bbox: 20_000, semantic_segmentation: 1_500, cuboid_3d: 800 },
    certifications: [{ name: 'iso27001', expiresOn: '2027-06-30' }],
    secureRoom: true,
    tools: ['cvat', 'in_house'],
    yearsActive: 4,
    revenueBand: '5m_20m',
    aboveDesignatedSize: false,
  };
}

/** Creates an organisation (of `kind`) with an owner user; returns both. */
export async function createOrgWithOwner(
  db: Db,
  kind: OrgKind,
  opts: { name?: string; email?: string } = {},
): Promise<{ org: OrganisationRecord; owner: UserRow }> {
  const org = await organisations.create(db, {
    kind,
    name: opts.name ?? `${kind} ${randomBytes(3).toString('hex')}`,
    uscc: kind === 'secretariat' ? null : randomUscc(),
    contactName: '张三',
    contactPhone: '13800000000',
    county: kind === 'vendor' ? '371502' : null,
    capabilities: kind === 'vendor' ? sampleCapabilities() : undefined,
  });
  const owner = await users.create(db, {
    email: opts.email ?? randomEmail(kind),
    passwordHash: '$argon2id$fake',
    displayName: '测试用户',
  });
  await organisations.addMember(db, { userId: owner.id, orgId: org.id, role: 'owner' });
  return { org, owner };
}
