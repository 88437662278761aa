import { checkPasswordPolicy, hashPassword, PASSWORD_PROBLEM_MESSAGES } from '@annex/auth';
import { audit, type Db, isUniqueViolation, organisations, type Sql, users, withTransaction } from '@annex/db';
import { CliError } from './runtime.ts';

const SECRETARIAT_NAME = '聊城市数据标注产业联盟秘书处';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Creates a secretariat user (owner of the secretariat organisation, created if missing). */
export async function createAdmin(
  sql: Sql,
  input: { email: string; password: string; name?: string },
): Promise<{ email: string; organisationName: string }> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new CliError(`"${input.email}" is not an e-mail address.`);
  const policy = checkPasswordPolicy(input.password, email);
  if (!policy.ok) throw new CliError(`password refused: ${PASSWORD_PROBLEM_MESSAGES[policy.error]}.`);
  const displayName = (input.name ?? '').trim() || email.split('@')[0]!;
  if (displayName.length > 100) throw new CliError('--name may have at most 100 characters.');
  if (await users.findByEmail(sql, email)) throw new CliError(`a user with the e-mail ${email} exists already.`);

  const passwordHash = await hashPassword(input.password);
  try {
    return await withTransaction(sql, async (tx: Db) => {
      let org = await organisations.findFirstOfKind(tx, 'secretariat');
      if (!org) {
        org = await organisations.create(tx, { kind: 'secretariat', name: SECRETARIAT_NAME, uscc: null });
        await audit.append(tx, { entityType: 'organisation', entityId: org.id, action: 'created', after: { kind: 'secretariat', name: org.name } });
      }
      const user = await users.create(tx, { email, passwordHash, displayName });
      await organisations.addMember(tx, { userId: user.id, orgId: org.id, role: 'owner' });
      await audit.append(tx, {
        entityType: 'user', entityId: user.id, action: 'admin.created', after: { email, orgId: org.id, via: 'cli' },
      });
      return { email, organisationName: org.name };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new CliError(`a user with the e-mail ${email} exists already.`);
    throw error;
  }
}
