import { PROTOCOL_VERSION, SNAPSHOT_KIND, binaryFrameKind, decodeServerMessage, type ServerMessage } from '@liveprop/protocol';
import WebSocket from 'ws';

type Predicate = (m: ServerMessage) => boolean;

/** A real `ws` client that validates every frame it receives with the protocol codec and queues them. */
export class TestClient {
  readonly received: ServerMessage[] = [];
  /** Frames the codec refused; a healthy server never produces any. */
  readonly invalid: string[] = [];
  /** Raw bytes of every snapshot frame, to check every viewer gets the same bytes. */
  readonly rawSnapshots: Buffer[] = [];
  private cursor = 0;
  private waiters: { predicate: Predicate; resolve: (m: ServerMessage) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary && binaryFrameKind(data) === SNAPSHOT_KIND) this.rawSnapshots.push(Buffer.from(data));
      const decoded = decodeServerMessage(isBinary ? new Uint8Array(data) : data.toString('utf8'), isBinary);
      if (!decoded.ok) {
        this.invalid.push(`${decoded.code}: ${decoded.message}`);
        return;
      }
      this.received.push(decoded.value);
      this.wake();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async connect(baseUrl: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, options);
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Connects, says hello and joins; resolves once the join answer (state or resumed) arrived. */
  static async joined(baseUrl: string, sessionId: string, editToken?: string, name?: string): Promise<TestClient> {
    const client = await TestClient.connect(baseUrl);
    client.send({ type: 'hello', protocol: PROTOCOL_VERSION, ...(name ? { name } : {}) });
    await client.next((m) => m.type === 'welcome');
    client.send({ type: 'join', sessionId, ...(editToken ? { editToken } : {}) });
    await client.next((m) => m.type === 'sessionState');
    return client;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  private wake(): void {
    for (const w of [...this.waiters]) {
      const found = this.take(w.predicate);
      if (found) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(found);
      }
    }
  }

  private take(predicate: Predicate): ServerMessage | undefined {
    for (let i = this.cursor; i < this.received.length; i++) {
      const m = this.received[i]!;
      if (predicate(m)) {
        this.cursor = i + 1;
        return m;
      }
    }
    return undefined;
  }

  /** The next frame after the previous match satisfying `predicate`; rejects after `timeoutMs`. */
  next<T extends ServerMessage = ServerMessage>(predicate: Predicate, timeoutMs = 10_000): Promise<T> {
    const found = this.take(predicate);
    if (found) return Promise.resolve(found as T);
    return new Promise((resolve, reject) => {
      const waiter = { predicate, resolve: (m: ServerMessage) => { clearTimeout(timer); resolve(m as T); } };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching frame within ${timeoutMs} ms; last: ${JSON.stringify(this.received.slice(-3)).slice(0, 500)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Like {@link next}, but also accepts a frame already received, whatever the cursor. */
  seen<T extends ServerMessage = ServerMessage>(predicate: Predicate, timeoutMs = 10_000): Promise<T> {
    const found = this.received.find(predicate);
    return found ? Promise.resolve(found as T) : this.next<T>(predicate, timeoutMs);
  }

  /** Highest `seq` seen on sequenced frames (and `sessionState`). */
  lastSeq(): number {
    let seq = 0;
    for (const m of this.received) if ('seq' in m && typeof m.seq === 'number') seq = Math.max(seq, m.seq);
    return seq;
  }

  close(): void {
    this.ws.close();
  }
}
