import type { PGlite } from '@electric-sql/pglite';

type Item = {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
};

const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * Schedules the protocol messages of many socket connections onto PGlite's single backend session.
 *
 * pglite-socket 0.2.17's own queue interleaves connections message by message. That is only safe between
 * complete exchanges: an extended-protocol query (Parse/Bind/Describe/Execute … Sync) of one connection
 * interleaved with another's clobbers the unnamed statement and portal, and an error makes the backend
 * drop the other connection's messages until the next Sync. So a connection keeps the session from its
 * first message until the exchange is closed (Sync or simple Query answered) outside a transaction block.
 * Other connections wait, much as they would wait for a lock on a real server.
 *
 * It implements the three methods PGLiteSocketHandler calls on its queue.
 */
export class SessionQueue {
  readonly #db: PGlite;
  #queue: Item[] = [];
  #owner: number | null = null;
  /** the owner sent extended-protocol messages not yet closed by Sync */
  #openExchange = false;
  #running = false;
  #current: number | null = null;
  readonly #gone = new Set<number>();
  #stallTimer: NodeJS.Timeout | undefined;

  constructor(db: PGlite) {
    this.#db = db;
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ handlerId, message, onData, resolve, reject });
      void this.#drain();
    });
  }

  /** Resolves once nothing runs (after a server stop: the rollbacks of closed connections are done). */
  async whenIdle(timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((this.#running || this.#gone.size > 0) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  getQueueLength(): number {
    return this.#queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    const keep: Item[] = [];
    for (const item of this.#queue) {
      if (item.handlerId === handlerId) item.reject(new Error('connection closed'));
      else keep.push(item);
    }
    this.#queue = keep;
  }

  /** Called when a connection goes away: give the session back in a clean state. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.#owner === handlerId || this.#current === handlerId) {
      this.#gone.add(handlerId);
      await this.#drain();
    }
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (;;) {
        if (this.#owner !== null && this.#gone.has(this.#owner)) await this.#reset();
        const i = this.#owner === null ? (this.#queue.length > 0 ? 0 : -1) : this.#queue.findIndex((x) => x.handlerId === this.#owner);
        if (i < 0) {
          this.#watchStall();
          break;
        }
        const [item] = this.#queue.splice(i, 1);
        if (!item) break;
        this.#current = item.handlerId;
        let bytes = 0;
        try {
          await this.#db.runExclusive(() =>
            this.#db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (err) {
          this.#current = null;
          this.#afterMessage(item);
          item.reject(err);
          continue;
        }
        this.#current = null;
        this.#afterMessage(item);
        item.resolve(bytes);
      }
    } finally {
      this.#running = false;
    }
  }

  // Waiting for another connection's transaction is normal; waiting long usually means code inside a
  // transaction queries through the pool instead of the transaction handle, which deadlocks here.
  #watchStall(): void {
    if (this.#stallTimer || this.#owner === null || this.#queue.length === 0) return;
    const owner = this.#owner;
    this.#stallTimer = setTimeout(() => {
      this.#stallTimer = undefined;
      if (this.#owner === owner && this.#queue.length > 0 && !this.#queue.some((x) => x.handlerId === owner)) {
        console.warn(
          `embedded PostgreSQL: ${this.#queue.length} queries have waited 10 s for connection #${owner}'s open transaction. ` +
            'Does code inside a transaction query through the pool instead of the transaction handle?',
        );
      }
    }, 10_000);
    this.#stallTimer.unref();
  }

  #afterMessage(item: Item): void {
    const type = messageType(item.message);
    // Sync and simple Query end with ReadyForQuery; the startup message too. Terminate ends the connection.
    const closes = type === null || type === 'S' || type === 'Q' || type === 'X';
    this.#openExchange = !closes;
    this.#owner = !closes || this.#db.isInTransaction() ? item.handlerId : null;
    if (this.#owner === null) this.#gone.delete(item.handlerId);
  }

  /** The owner disconnected mid-exchange or mid-transaction: close the exchange and roll back. */
  async #reset(): Promise<void> {
    const owner = this.#owner;
    try {
      if (this.#openExchange) {
        await this.#db.runExclusive(() => this.#db.execProtocolRawStream(SYNC, { onRawData: () => {} }));
      }
      if (this.#db.isInTransaction()) await this.#db.exec('ROLLBACK');
    } catch {
      // nothing more to do: the next exchange starts from whatever state is left
    } finally {
      this.#openExchange = false;
      this.#owner = null;
      if (owner !== null) this.#gone.delete(owner);
    }
  }
}

/** The type byte of a frontend message, or null for the untyped startup/SSL/cancel requests. */
function messageType(m: Uint8Array): string | null {
  if (m.length >= 8) {
    const len = ((m[0] ?? 0) << 24) | ((m[1] ?? 0) << 16) | ((m[2] ?? 0) << 8) | (m[3] ?? 0);
    if (len === m.length) return null;
  }
  return m.length > 0 ? String.fromCharCode(m[0] ?? 0) : null;
}
