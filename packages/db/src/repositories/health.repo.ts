import type { Db } from '../client.ts';

/** Database reachability. */
export const health = {
  /** True when the database answers a trivial query within `timeoutMs` (default 2000); throws otherwise. */
  async ping(db: Db, timeoutMs = 2000): Promise<true> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([db`select 1`, timeout]);
      return true;
    } finally {
      clearTimeout(timer);
    }
  },
};
