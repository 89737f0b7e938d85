import type { ChangeApplied } from '@liveprop/core';
import type { ClientMessage, StepTraceWire } from '@liveprop/protocol';
import type { Participant } from './participant.js';
import type { Session } from './session.js';
import type { WorkerReply } from './workerProtocol.js';

/** Messages that act on a joined session. */
export type SessionMessage = Extract<
  ClientMessage,
  { type: 'control' | 'speed' | 'change' | 'setName' | 'requestHistory' | 'requestTrace' | 'rollback' }
>;

const EDITOR_ONLY: ReadonlySet<SessionMessage['type']> = new Set(['control', 'speed', 'change', 'rollback']);

/** Core error codes that mean "your change was refused", reported to the client as `invalid_change`. */
function refusal(reply: WorkerReply): { code: 'invalid_change' | 'diverged' | 'nothing_to_rollback' | 'internal'; message: string } | null {
  if (reply.result.ok) return null;
  const { code, message } = reply.result;
  if (code === 'diverged' || code === 'nothing_to_rollback' || code === 'internal') return { code, message };
  if (code === 'not_diverged') return { code: 'nothing_to_rollback', message };
  return { code: 'invalid_change', message: `${code}: ${message}` };
}

function publishPointsIfChanged(session: Session, reply: WorkerReply): void {
  if (reply.points === undefined) return;
  const points = reply.points;
  session.points = points;
  session.publish((seq, streamId) => ({ type: 'dataset', streamId, seq, points }));
}

/**
 * Runs one session message for a participant ([R9], [R10], [R15]). Viewers' commands are refused with
 * `forbidden` before anything else happens. Never throws: failures become error frames to the sender.
 */
export async function runSessionMessage(session: Session, p: Participant, msg: SessionMessage): Promise<void> {
  if (EDITOR_ONLY.has(msg.type) && p.role !== 'editor') {
    p.sendError('forbidden', `viewers cannot send "${msg.type}"; open the edit link to steer this session`, msg.type);
    return;
  }
  const worker = session.workerHandle;
  switch (msg.type) {
    case 'control': {
      const command = msg.command;
      switch (command.action) {
        case 'play':
          if (session.status === 'diverged') return p.sendError('diverged', 'the session diverged; roll back or reset first', msg.type);
          if (session.status === 'running') return;
          worker.send({ kind: 'play' });
          session.status = 'running';
          return session.publishStatus(p.name);
        case 'pause': {
          if (session.status !== 'running') return;
          const reply = await worker.request({ kind: 'pause' });
          // A divergence may have paused the session meanwhile; it already told everyone.
          if (session.status !== 'running') return;
          session.adopt(reply.state);
          session.publishStatus(p.name);
          return session.saveCheckpoint();
        }
        case 'step': {
          const wasRunning = session.status === 'running';
          const reply = await worker.request({ kind: 'step', unit: command.unit });
          const refused = refusal(reply);
          if (refused) return p.sendError(refused.code, refused.message, msg.type);
          session.adopt(reply.state);
          if (wasRunning) session.publishStatus(p.name);
          return;
        }
        case 'reset': {
          const before = session.epoch;
          const reply = await worker.request({ kind: 'reset', mode: command.mode });
          const refused = refusal(reply);
          if (refused) return p.sendError(refused.code, refused.message, msg.type);
          session.adopt(reply.state);
          session.truncateHistory(session.epoch);
          session.publishEvent(p.name, 'reset', before, command.mode, p.colour);
          publishPointsIfChanged(session, reply);
          return session.publishStatus(p.name);
        }
        default: {
          const never: never = command;
          throw new Error(`unknown control ${JSON.stringify(never)}`);
        }
      }
    }
    case 'speed':
      worker.send({ kind: 'speed', epochsPerSecond: msg.epochsPerSecond });
      session.speed = msg.epochsPerSecond;
      return session.publishStatus(p.name);
    case 'change': {
      const reply = await worker.request({ kind: 'change', change: msg.change });
      const refused = refusal(reply);
      if (refused) return p.sendError(refused.code, refused.message, msg.type);
      session.adopt(reply.state);
      const applied = (reply.result.ok ? reply.result.value : null) as ChangeApplied | null;
      session.publishEvent(p.name, msg.change.what, applied?.from ?? null, applied?.to ?? null, p.colour);
      publishPointsIfChanged(session, reply);
      session.log.info({ clientId: p.id, what: msg.change.what, epoch: session.epoch }, 'change applied');
      return;
    }
    case 'rollback': {
      const before = session.epoch;
      const reply = await worker.request({ kind: 'rollback' });
      const refused = refusal(reply);
      if (refused) return p.sendError(refused.code, refused.message, msg.type);
      session.adopt(reply.state);
      session.truncateHistory(session.epoch);
      session.publishEvent(p.name, 'rollback', before, session.epoch, p.colour);
      return session.publishStatus(p.name);
    }
    case 'setName':
      p.name = msg.name;
      return session.schedulePresence();
    case 'requestHistory':
      if (msg.to < msg.from) return p.sendError('invalid_field', `expected from <= to, got from ${msg.from} and to ${msg.to}`, msg.type);
      return p.sendMessage(session.history.downsample(session.id, msg.from, msg.to, msg.resolution));
    case 'requestTrace': {
      const reply = await worker.request({ kind: 'trace', sample: msg.sample });
      if (!reply.result.ok) return p.sendError('invalid_field', `${reply.result.code}: ${reply.result.message}`, msg.type);
      return p.sendMessage({ type: 'trace', sample: msg.sample, trace: reply.result.value as StepTraceWire });
    }
    default: {
      const never: never = msg;
      throw new Error(`unknown session message ${JSON.stringify(never)}`);
    }
  }
}
