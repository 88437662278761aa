import { createSessionManager } from '@annex/auth';
import { type Sql, allianceEvents } from '@annex/db';
import { createOrgWithOwner } from '@annex/db/fixtures.ts';
import { describe, expect, it } from 'vitest';
import type { App } from '../app.ts';
import { TEST_CONFIG, call } from '../test-helpers.ts';
import { type Market, ON_SERVER, raceMarket } from '../test-market.ts';

// Registrations for an event on the PostgreSQL server with truly concurrent connections: every change takes the
// event's row lock, so seats never exceed the capacity and the waitlist keeps the order in which the lock was had.

let m: Market;
let pool: Sql;
let app: App;
raceMarket((race) => ({ m, pool, app } = race));

type User = { userId: string; cookie: string };

/** `n` users, each of their own organisation, signed in (sessions made directly: argon2 is not under test). */
async function users(n: number): Promise<User[]> {
  const sessions = createSessionManager(
    m.db.sql,
    { idleDays: TEST_CONFIG.sessionIdleDays, absoluteDays: TEST_CONFIG.sessionAbsoluteDays, secretariatAbsoluteHours: TEST_CONFIG.secretariatAbsoluteHours },
    { secure: TEST_CONFIG.secureCookies },
  );
  const out: User[] = [];
  for (let i = 0; i < n; i++) {
    const { owner } = await createOrgWithOwner(m.db.sql, i % 2 ? 'buyer' : 'vendor');
    const s = await sessions.create(owner.id, { orgKind: 'buyer', userAgent: null, ip: null });
    out.push({ userId: owner.id, cookie: `${sessions.cookieName}=${s.token}` });
  }
  return out;
}

async function eventWithSeats(capacity: number): Promise<string> {
  const at = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const admin = m.parties.secretariat.cookie;
  const c = await call(app, 'POST', '/api/v1/events', {
    cookie: admin,
    body: { title: '并发报名测试', description: '', startsAt: at(48), endsAt: at(50), placeKind: 'onsite', place: '聊城', capacity, registrationDeadline: at(24), audience: 'everyone' },
  });
  if (c.status !== 201) throw new Error(`event: ${c.status} ${c.text}`);
  const p = await call(app, 'POST', `/api/v1/events/${c.json.id}/publish`, { cookie: admin });
  if (p.status !== 200) throw new Error(`publish: ${p.status} ${p.text}`);
  return c.json.id;
}

const rows = async (eventId: string) => (await allianceEvents.attendees(m.db.sql, eventId, { withCancelled: true })).sort((a, b) => a.arrival - b.arrival);
const decidedOrder = async (eventId: string, actions: string[]) =>
  (await m.db.sql<{ userId: string }[]>`
    select after->>'userId' as user_id from audit_log
    where entity_type = 'alliance_event' and entity_id = ${eventId} and action = any(${m.db.sql.array(actions)}::text[]) order by id`).map((r) => r.userId);

describe.skipIf(!ON_SERVER)('event registration races on the PostgreSQL server', () => {
  it('50 concurrent registrations for 10 seats, 3 trials: exactly 10 seats, 40 waiting in arrival order', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const id = await eventWithSeats(10);
      const people = await users(50);
      const results = await Promise.all(people.map((u) => call(app, 'POST', `/api/v1/events/${id}/registration`, { cookie: u.cookie })));
      expect(results.map((r) => r.status).filter((s) => s !== 200), `trial ${trial}`).toEqual([]);
      const all = await rows(id);
      expect(all.map((r) => r.status)).toEqual([...Array(10).fill('registered'), ...Array(40).fill('waitlisted')]);
      // the arrival numbers are the order of the lock: the audit rows, written under it, come in the same order
      expect(await decidedOrder(id, ['event.registered', 'event.waitlisted'])).toEqual(all.map((r) => r.userId));
      const list = (await call(app, 'GET', `/api/v1/events/${id}/registrations`, { cookie: m.parties.secretariat.cookie })).json;
      expect(list).toMatchObject({ registered: 10, waitlisted: 40 });
      expect(list.items.filter((a: { status: string }) => a.status === 'waitlisted').map((a: { waitlistPosition: number }) => a.waitlistPosition))
        .toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    }
  }, 300_000);

  it('concurrent cancellations (seats and places in the queue) promote in waitlist order, never over capacity, 3 trials', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const id = await eventWithSeats(10);
      const people = await users(30);
      for (const u of people) {
        const r = await call(app, 'POST', `/api/v1/events/${id}/registration`, { cookie: u.cookie });
        if (r.status !== 200) throw new Error(`register: ${r.status} ${r.text}`);
      }
      const before = await rows(id);
      // six seat holders and four who wait (some near the front, so they may be seated before their cancellation runs)
      const leaving = new Set([0, 2, 4, 6, 8, 9, 10, 11, 15, 20].map((i) => before[i]!.userId));
      let over = false;
      let watching = true;
      const watch = (async () => {
        while (watching) {
          const [c] = await m.db.sql<{ n: number }[]>`select count(*)::int as n from event_registrations where event_id = ${id} and status = 'registered'`;
          if ((c?.n ?? 0) > 10) over = true;
        }
      })();
      const results = await Promise.all(people.filter((u) => leaving.has(u.userId)).map((u) =>
        call(app, 'DELETE', `/api/v1/events/${id}/registration`, { cookie: u.cookie })));
      watching = false;
      await watch;
      expect(results.map((r) => r.status), `trial ${trial}`).toEqual(Array(10).fill(200));
      expect(over).toBe(false);
      const after = await rows(id);
      const staying = before.filter((r) => !leaving.has(r.userId)).map((r) => r.userId);
      // the seats: the ten who stay and came first; the queue: the rest, in their order
      expect(after.filter((r) => r.status === 'registered').map((r) => r.userId)).toEqual(staying.slice(0, 10));
      expect(after.filter((r) => r.status === 'waitlisted').map((r) => r.userId)).toEqual(staying.slice(10));
      // each promotion told its user once
      const promoted = await decidedOrder(id, ['event.promoted']);
      const [told] = await m.db.sql<{ n: number }[]>`
        select count(*)::int as n from notifications where kind = 'event_promoted' and payload->>'eventId' = ${id}`;
      expect(told?.n).toBe(promoted.length);
    }
  }, 300_000);
});
