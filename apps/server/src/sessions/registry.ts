import type { ExperimentConfig, Result } from '@liveprop/core';
import type { Logger } from 'pino';
import { Session } from './session.js';
import { generateId, generateToken, hashToken } from './tokens.js';
import type { WorkerInit } from './workerProtocol.js';

export interface RegistryOptions {
  logger: Logger;
  /** Most sessions (each one is a worker thread) alive at once. */
  maxSessions?: number;
  /** Worker tuning; defaults suit the dashboard. */
  worker?: Partial<Omit<WorkerInit, 'config'>>;
  ring?: { frames: number; chars: number };
}

/** Row of `GET /api/sessions`. */
export interface SessionSummary {
  id: string;
  name: string;
  epoch: number;
  state: Session['status'];
  viewers: number;
  createdAt: number;
}

/** The live sessions of this server process. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly maxSessions: number;
  private readonly workerDefaults: Omit<WorkerInit, 'config'>;
  private creating = 0;

  constructor(private readonly options: RegistryOptions) {
    this.maxSessions = options.maxSessions ?? 16;
    this.workerDefaults = { grid: 32, thumbnailGrid: 16, sliceMs: 8, tickMs: 33, ...options.worker };
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  list(): SessionSummary[] {
    return [...this.sessions.values()].map((s) => ({
      id: s.id, name: s.name, epoch: s.epoch, state: s.status, viewers: s.participants.size, createdAt: s.createdAt,
    }));
  }

  /** Starts a session from a validated config; answers its id and the edit token (shown once, never stored). */
  async create(config: ExperimentConfig, name: string): Promise<Result<{ session: Session; editToken: string }>> {
    if (this.sessions.size + this.creating >= this.maxSessions) {
      return { ok: false, code: 'busy', message: `the server already runs ${this.maxSessions} sessions, its limit` };
    }
    this.creating++;
    const editToken = generateToken();
    try {
      const created = await Session.create({
        id: generateId(), name, editTokenHash: hashToken(editToken), logger: this.options.logger,
        init: { config, ...this.workerDefaults },
        ...(this.options.ring === undefined ? {} : { ringFrames: this.options.ring.frames, ringChars: this.options.ring.chars }),
      });
      if (!created.ok) return created;
      this.sessions.set(created.value.id, created.value);
      created.value.log.info({ name }, 'session created');
      return { ok: true, value: { session: created.value, editToken } };
    } finally {
      this.creating--;
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.close()));
  }
}
