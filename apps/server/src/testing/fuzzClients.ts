import { PROTOCOL_VERSION, type ServerMessage } from '@liveprop/protocol';
import { malformedFrame, validFrame, type Rng } from './fuzzFrames.js';
import { TestClient } from './testClient.js';

/** What a client believes the session looks like, from the frames it received, in order. */
export interface Belief {
  config: unknown;
  status: string;
  epoch: number;
  seq: number;
}

type State = Extract<ServerMessage, { type: 'sessionState' }>;
type Sequenced = Extract<ServerMessage, { seq: number }>;
const sequenced = (m: ServerMessage): m is Sequenced => 'seq' in m && m.type !== 'sessionState';

export function believe(belief: Belief | null, m: ServerMessage): Belief | null {
  if (m.type === 'sessionState') return { config: m.config, status: m.status, epoch: m.epoch, seq: m.seq };
  if (belief === null || !sequenced(m)) return belief;
  const next = { ...belief, seq: m.seq };
  if (m.type === 'event') Object.assign(next, { config: m.config, epoch: m.epoch });
  if (m.type === 'status') Object.assign(next, { status: m.status, epoch: m.epoch });
  if (m.type === 'metrics' && m.columns.epoch.length > 0) next.epoch = m.columns.epoch.at(-1)!;
  return next;
}

/** Where a client's sequenced frames skip a seq since its last `sessionState` (or across a resume): lost frames. */
export function seqGaps(frames: readonly ServerMessage[]): string[] {
  const gaps: string[] = [];
  let last: number | null = null;
  for (const m of frames) {
    if (m.type === 'sessionState') last = m.seq;
    else if (m.type === 'resync') last = null;
    else if (sequenced(m)) {
      if (last !== null && m.seq !== last + 1) gaps.push(`${m.type} seq ${m.seq} after ${last}`);
      last = m.seq;
    }
  }
  return gaps;
}

/** One fuzzing client across its reconnections. */
export interface FuzzSlot {
  editor: boolean;
  url: string;
  client: TestClient | null;
  /** Frames of every incarnation, in order; a resumed connection continues the same belief. */
  frames: ServerMessage[];
  seen: number;
}

export interface FuzzSession {
  id: string;
  editToken: string;
}

/**
 * Clients of one session sending random valid and malformed frames, dropping and reconnecting (mostly with resume)
 * to any of `urls`, and checking they all end up believing the same session. Single node and cluster fuzz share it.
 */
export class FuzzClients {
  readonly slots: FuzzSlot[];
  /** Frames the codec refused, from every connection: a healthy server sends none. */
  readonly invalid: string[] = [];

  constructor(
    private readonly session: FuzzSession,
    private readonly rng: Rng,
    private readonly urls: readonly string[],
    layout: readonly { editor: boolean; url: string }[],
  ) {
    this.slots = layout.map(({ editor, url }) => ({ editor, url, client: null, frames: [], seen: 0 }));
  }

  async connectAll(): Promise<void> {
    for (const slot of this.slots) await this.connect(slot, false);
  }

  /** `rounds` random actions: a frame (valid or not) from a random client, or a drop and reconnect. */
  async play(rounds: number): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      const slot = this.slots[Math.floor(this.rng() * this.slots.length)]!;
      const roll = this.rng();
      if (slot.client?.ws.readyState !== 1 || roll < 0.04) {
        await this.drop(slot);
        if (this.urls.length > 1) slot.url = this.urls[Math.floor(this.rng() * this.urls.length)]!;
        await this.connect(slot, this.rng() < 0.7);
      } else if (roll < 0.55) slot.client.send(validFrame(this.rng));
      else slot.client.ws.send(malformedFrame(this.rng));
      if (round % 8 === 0) await new Promise((r) => setTimeout(r, 40));
    }
    for (const slot of this.slots) if (slot.client?.ws.readyState !== 1) await this.connect(slot, true);
  }

  /**
   * The first editor pauses, steps one epoch and renames itself `marker`; resolves with the seq of the presence frame
   * carrying that name once every client received it, their frames up to there harvested.
   */
  async settle(marker: string): Promise<number> {
    const editor = this.slots.find((s) => s.editor)!.client!;
    editor.send({ type: 'control', command: { action: 'pause' } });
    editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    editor.send({ type: 'setName', name: marker });
    const found = await editor.next((m) => m.type === 'presence' && m.viewers.some((v) => v.name === marker), 20_000);
    const finalSeq = found.type === 'presence' ? found.seq : -1;
    for (const slot of this.slots) {
      await slot.client!.seen((m) => sequenced(m) && m.seq >= finalSeq, 20_000);
      this.harvest(slot);
    }
    return finalSeq;
  }

  belief(slot: FuzzSlot): Belief | null {
    return slot.frames.reduce<Belief | null>(believe, null);
  }

  /** Frames with the same stream and seq that two clients received differently. */
  disagreements(): string[] {
    const byPosition = new Map<string, string>();
    const found: string[] = [];
    for (const slot of this.slots) {
      for (const m of slot.frames.filter(sequenced)) {
        const key = `${m.streamId}:${m.seq}`;
        const text = JSON.stringify(m);
        const before = byPosition.get(key);
        if (before === undefined) byPosition.set(key, text);
        else if (before !== text) found.push(`${key}: ${before.slice(0, 200)} ≠ ${text.slice(0, 200)}`);
      }
    }
    return found;
  }

  close(): void {
    for (const slot of this.slots) slot.client?.close();
  }

  private harvest(slot: FuzzSlot): void {
    if (slot.client === null) return;
    slot.frames.push(...slot.client.received.slice(slot.seen));
    slot.seen = slot.client.received.length;
    this.invalid.push(...slot.client.invalid.splice(0));
  }

  private async drop(slot: FuzzSlot): Promise<void> {
    this.harvest(slot);
    slot.client?.ws.terminate();
    if (slot.client) await slot.client.closed;
  }

  private async connect(slot: FuzzSlot, resume: boolean): Promise<void> {
    this.harvest(slot);
    const belief = this.belief(slot);
    const state = slot.frames.findLast((m): m is State => m.type === 'sessionState');
    const client = await TestClient.connect(slot.url);
    slot.client = client;
    slot.seen = 0;
    client.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    client.send({
      type: 'join', sessionId: this.session.id, ...(slot.editor ? { editToken: this.session.editToken } : {}),
      ...(resume && belief && state ? { lastSeq: belief.seq, streamId: state.streamId } : {}),
    });
    await client.next((m) => m.type === 'sessionState' || m.type === 'resumed', 20_000);
  }
}
