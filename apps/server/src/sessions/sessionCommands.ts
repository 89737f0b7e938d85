import type { ClientMessage } from '@liveprop/protocol';
import type { Participant } from './participant.js';
import { refusal } from './refusal.js';
import type { Session } from './session.js';

/** Messages that act on a joined session. */
export type SessionMessage = Extract<
  ClientMessage,
  { type: 'control' | 'speed' | 'change' | 'setName' | 'requestHistory' | 'requestTrace' | 'rollback' }
>;

const EDITOR_ONLY: ReadonlySet<SessionMessage['type']> = new Set(['control', 'speed', 'change', 'rollback']);

/** Changes that reshape the weights: checkpointed at once, so a crash brings back the weights the change made. */
const RESHAPING: ReadonlySet<string> = new Set(['addLayer', 'removeLayer', 'addNeuron', 'removeNeuron', 'dataset']);

/** Tells the sender why the worker refused its command, in protocol's error codes (the mapping is `refusal.ts`). */
function refuse(p: Participant, failure: { code: string; message: string }, requestType: SessionMessage['type']): void {
  const refused = refusal({ ok: false, ...failure });
  if (refused) p.sendError(refused.code, refused.message, requestType);
}

/** Whether `p` may send `msg`: a viewer may not steer. */
export function mayRun(p: Pick<Participant, 'role'>, msg: SessionMessage): boolean {
  return !EDITOR_ONLY.has(msg.type) || p.role === 'editor';
}

/** Refuses a viewer's editor-only command with `forbidden`; true when it did. */
export function refusedToViewer(p: Participant, msg: SessionMessage): boolean {
  if (mayRun(p, msg)) return false;
  p.sendError('forbidden', `viewers cannot send "${msg.type}"; open the edit link to steer this session`, msg.type);
  return true;
}

/**
 * Runs one session message for a participant ([R9], [R10], [R15]). Viewers' commands are refused with
 * `forbidden` before anything else happens. Never throws: failures become error frames to the sender.
 *
 * Every command goes to the worker, which alone decides (a play while diverged, a pause while paused); the
 * session adopts the state each reply reports and then tells everyone what changed ([R30]). Nothing here sets
 * the session's state from what it believed before the reply, so concurrent editors cannot leave it stale.
 *
 * A hibernated session is woken for a message that needs its worker, and kept awake while it runs; at the worker
 * cap the sender gets `busy` naming it ([R39]).
 */
export async function runSessionMessage(session: Session, p: Participant, msg: SessionMessage): Promise<void> {
  if (refusedToViewer(p, msg)) return;
  const need = workerNeed(session, msg);
  if (need !== 'worker') {
    session.touch();
    return need === 'held' ? runCommand(session, p, msg) : undefined;
  }
  const ran = await session.withWorker(() => runCommand(session, p, msg));
  if (!ran.ok) p.sendError(ran.code === 'busy' ? 'busy' : 'internal', ran.message, msg.type);
}

/**
 * What a message needs of the session: its worker; only what the session holds (`setName`, `requestHistory`); or,
 * for a pause of a hibernated session, which is not running, nothing at all.
 */
export function workerNeed(session: Session, msg: SessionMessage): 'worker' | 'held' | 'nothing' {
  if (msg.type === 'setName' || msg.type === 'requestHistory') return 'held';
  if (msg.type === 'control' && msg.command.action === 'pause' && !session.awake) return 'nothing';
  return 'worker';
}

async function runCommand(session: Session, p: Participant, msg: SessionMessage): Promise<void> {
  switch (msg.type) {
    case 'control': {
      const command = msg.command;
      switch (command.action) {
        case 'play':
        case 'pause': {
          const { result } = await session.workerHandle.request({ kind: command.action });
          if (!result.ok) return refuse(p, result, msg.type);
          const changed = session.publishStatusIfChanged(p.name);
          if (changed && command.action === 'pause') await session.saveCheckpoint();
          return;
        }
        case 'step': {
          const { result } = await session.workerHandle.request({ kind: 'step', unit: command.unit });
          if (!result.ok) return refuse(p, result, msg.type);
          session.publishStatusIfChanged(p.name);
          return;
        }
        case 'reset': {
          const before = session.epoch;
          const reply = await session.workerHandle.request({ kind: 'reset', mode: command.mode });
          if (!reply.result.ok) return refuse(p, reply.result, msg.type);
          session.truncateHistory(session.epoch);
          session.publishEvent(p.name, 'reset', before, command.mode, p.colour);
          session.adoptPoints(reply);
          return session.publishStatus(p.name);
        }
        default: {
          const never: never = command;
          throw new Error(`unknown control ${JSON.stringify(never)}`);
        }
      }
    }
    case 'speed': {
      const { result } = await session.workerHandle.request({ kind: 'speed', epochsPerSecond: msg.epochsPerSecond });
      if (!result.ok) return refuse(p, result, msg.type);
      session.publishStatusIfChanged(p.name);
      return;
    }
    case 'change': {
      const reply = await session.workerHandle.request({ kind: 'change', change: msg.change });
      if (!reply.result.ok) return refuse(p, reply.result, msg.type);
      const { from, to, output } = reply.result.value;
      session.publishEvent(p.name, msg.change.what, from, to, p.colour, output);
      session.adoptPoints(reply);
      session.log.info({ clientId: p.id, what: msg.change.what, epoch: session.epoch }, 'change applied');
      session.publishStatusIfChanged(p.name);
      if (RESHAPING.has(msg.change.what)) await session.saveCheckpoint();
      return;
    }
    case 'rollback': {
      const before = session.epoch;
      const learningRate = msg.learningRate === undefined ? {} : { learningRate: msg.learningRate };
      const { result } = await session.workerHandle.request({ kind: 'rollback', ...learningRate });
      if (!result.ok) return refuse(p, result, msg.type);
      session.truncateHistory(session.epoch);
      session.publishEvent(p.name, 'rollback', before, result.value.epoch, p.colour);
      const lowered = result.value.learningRate;
      if (lowered) session.publishEvent(p.name, lowered.what, lowered.from, lowered.to, p.colour);
      return session.publishStatus(p.name);
    }
    case 'setName':
      p.name = msg.name;
      return session.schedulePresence();
    case 'requestHistory':
      if (msg.to < msg.from) return p.sendError('invalid_field', `expected from <= to, got from ${msg.from} and to ${msg.to}`, msg.type);
      return p.sendMessage(session.history.downsample(session.id, msg.from, msg.to, msg.resolution));
    case 'requestTrace': {
      const reply = await session.workerHandle.request({ kind: 'trace', sample: msg.sample });
      if (!reply.result.ok) return p.sendError('invalid_field', `${reply.result.code}: ${reply.result.message}`, msg.type);
      return p.sendMessage({ type: 'trace', sample: msg.sample, trace: reply.result.value });
    }
    default: {
      const never: never = msg;
      throw new Error(`unknown session message ${JSON.stringify(never)}`);
    }
  }
}
