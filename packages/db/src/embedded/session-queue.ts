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
 * LISTEN is the session's too, so PGlite writes a notification into the output of whichever connection's commit
 * sent it. The queue passes a copy to each connection that asked to LISTEN on that channel (as a server would), so
 * `sql.listen` works through the socket.
 *
 * Named prepared statements are the session's too, and outlive the connection that prepared them: the queue
 * remembers each connection's and deallocates them once it goes away, so clients may prepare (which saves PGlite
 * the planning, most of a query's time there) without the session filling up as connections come and go.
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
  /** each connection's way back to its socket */
  readonly #sinks = new Map<number, (data: Uint8Array) => void>();
  /** the channels each connection LISTENs on */
  readonly #listening = new Map<number, Set<string>>();
  /** the named statements each connection prepared */
  readonly #prepared = new Map<number, Set<string>>();
  /** statements of connections that went away, to deallocate between exchanges */
  #orphans: string[] = [];

  constructor(db: PGlite) {
    this.#db = db;
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    this.#sinks.set(handlerId, onData);
    this.#noteListen(handlerId, message);
    this.#notePrepared(handlerId, message);
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
    // called when the connection goes away: nothing is sent to it any more
    this.#sinks.delete(handlerId);
    this.#listening.delete(handlerId);
    const prepared = this.#prepared.get(handlerId);
    if (prepared) {
      this.#prepared.delete(handlerId);
      this.#orphans.push(...prepared);
    }
    const keep: Item[] = [];
    for (const item of this.#queue) {
      if (item.handlerId === handlerId) item.reject(new Error('connection closed'));
      else keep.push(item);
    }
    this.#queue = keep;
    void this.#drain();
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
        if (this.#owner === null && this.#orphans.length > 0) await this.#deallocateOrphans();
        const i = this.#owner === null ? (this.#queue.length > 0 ? 0 : -1) : this.#queue.findIndex((x) => x.handlerId === this.#owner);
        if (i < 0) {
          this.#watchStall();
          break;
        }
        const [item] = this.#queue.splice(i, 1);
        if (!item) break;
        this.#current = item.handlerId;
        let bytes = 0;
        const notifications = this.#listening.size > 0 ? new NotificationScanner((m) => this.#forward(item.handlerId, m)) : null;
        try {
          await this.#db.runExclusive(() =>
            this.#db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
                notifications?.push(data);
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

  /** Records a connection's LISTEN and UNLISTEN (simple or extended protocol, as postgres.js sends them). */
  #noteListen(handlerId: number, message: Uint8Array): void {
    const type = messageType(message);
    if (type !== 'Q' && type !== 'P') return;
    const text = decoder.decode(message.subarray(5, Math.min(message.length, 5 + 400)));
    // Parse starts with the statement's name (a C string), Query with the text
    const query = type === 'P' ? text.slice(text.indexOf('\0') + 1) : text;
    const m = /^\s*(un)?listen\s+(?:"((?:[^"]|"")+)"|([A-Za-z_][\w$]*)|(\*))/i.exec(query);
    if (!m) return;
    const channel = m[2] !== undefined ? m[2].replaceAll('""', '"') : m[3]?.toLowerCase();
    const channels = this.#listening.get(handlerId) ?? new Set<string>();
    if (!m[1]) {
      if (channel) channels.add(channel);
    } else if (m[4]) channels.clear();
    else if (channel) channels.delete(channel);
    if (channels.size > 0) this.#listening.set(handlerId, channels);
    else this.#listening.delete(handlerId);
  }

  /** Records the name of a statement a connection prepares (Parse with a name; the unnamed one is replaced anyway). */
  #notePrepared(handlerId: number, message: Uint8Array): void {
    if (messageType(message) !== 'P' || message[5] === 0) return;
    const end = message.indexOf(0, 5);
    if (end < 0) return;
    const names = this.#prepared.get(handlerId) ?? new Set<string>();
    names.add(decoder.decode(message.subarray(5, end)));
    this.#prepared.set(handlerId, names);
  }

  async #deallocateOrphans(): Promise<void> {
    const names = this.#orphans;
    this.#orphans = [];
    for (const name of names) {
      try {
        await this.#db.exec(`DEALLOCATE "${name.replaceAll('"', '""')}"`);
      } catch {
        // its Parse failed, so there is nothing to drop
      }
    }
  }

  /** Passes a NotificationResponse written into `source`'s output to the other connections listening on its channel. */
  #forward(source: number, message: Uint8Array): void {
    // Int32 length, Int32 sender's pid, then the channel as a C string
    const end = message.indexOf(0, 9);
    const channel = decoder.decode(message.subarray(9, end < 0 ? message.length : end));
    for (const [handlerId, channels] of this.#listening) {
      if (handlerId !== source && channels.has(channel)) this.#sinks.get(handlerId)?.(message);
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

const decoder = new TextDecoder();

/**
 * Finds the NotificationResponse messages ('A') in a backend's output, which arrives in chunks that need not end
 * where messages do.
 */
class NotificationScanner {
  readonly #onMessage: (message: Uint8Array) => void;
  readonly #head = new Uint8Array(5);
  #headLength = 0;
  #left = 0;
  #parts: Uint8Array[] | null = null;

  constructor(onMessage: (message: Uint8Array) => void) {
    this.#onMessage = onMessage;
  }

  push(data: Uint8Array): void {
    let i = 0;
    while (i < data.length) {
      if (this.#headLength < 5) {
        const n = Math.min(5 - this.#headLength, data.length - i);
        this.#head.set(data.subarray(i, i + n), this.#headLength);
        this.#headLength += n;
        i += n;
        if (this.#headLength < 5) return;
        const h = this.#head;
        this.#left = (((h[1] ?? 0) << 24) | ((h[2] ?? 0) << 16) | ((h[3] ?? 0) << 8) | (h[4] ?? 0)) - 4;
        this.#parts = h[0] === 0x41 ? [h.slice()] : null;
      } else {
        const n = Math.min(this.#left, data.length - i);
        this.#parts?.push(data.slice(i, i + n));
        this.#left -= n;
        i += n;
      }
      if (this.#headLength === 5 && this.#left <= 0) this.#finish();
    }
  }

  #finish(): void {
    if (this.#parts) {
      const message = new Uint8Array(this.#parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of this.#parts) {
        message.set(p, at);
        at += p.length;
      }
      this.#onMessage(message);
    }
    this.#parts = null;
    this.#headLength = 0;
    this.#left = 0;
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
