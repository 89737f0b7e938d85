import { decodeClientMessage, encodeServerMessage, type ErrorCode, type HistoryMessage, type JsonServerMessage, type Role } from '@liveprop/protocol';
import { JOIN_HISTORY_BUCKETS, type JoinState } from '../sessions/joinFrames.js';
import type { Participant } from '../sessions/participant.js';
import type { SessionRegistry } from '../sessions/registry.js';
import type { Session } from '../sessions/session.js';
import { runSessionMessage, type SessionMessage } from '../sessions/sessionCommands.js';
import type { CommandAnswer, ForwardedCommand } from './commandInbox.js';

/** Who sent a forwarded message, as their node knows them (role checked there). */
export interface ForwardedSender {
  id: string;
  name: string;
  colour: string;
  role: Role;
}

/** What a node asks the owner of a session. */
export type OwnerRequest =
  | { kind: 'join' }
  | { kind: 'presence' }
  /** From a node without free workers: take this stored session that nobody trains (see `WorkerBoard`). */
  | { kind: 'take' }
  | { kind: 'message'; sender: ForwardedSender; message: SessionMessage };

/** The owner's answer to `join`: the state and history a joiner gets, and the hash to check edit tokens against. */
export interface JoinAnswer {
  state: JoinState;
  history: HistoryMessage;
  editTokenHash: string;
}

const SESSION_MESSAGES: ReadonlySet<string> = new Set(['control', 'speed', 'change', 'setName', 'requestHistory', 'requestTrace', 'rollback']);

/**
 * Answers what other nodes ask of the sessions this node trains. A message is decoded again with the protocol's
 * codec (the inbox is another process's word) and run as if its sender were joined here; what the run would have
 * sent the sender alone comes back in the answer, broadcasts go out on the relay as usual.
 */
export function ownerRequestHandler(
  registry: SessionRegistry,
  owns: (id: string) => boolean,
  presenceChanged: (id: string) => void,
  /** Takes a stored session nobody trains here; false when it cannot (no free worker, another node has it). */
  take: (id: string) => Promise<boolean>,
  /** Settles once a take of the session under way here is done: its lease is held before it is restored. */
  taken: (id: string) => Promise<void>,
  /** Whether a message finds the session moved to a node with a free worker first (`SessionMoves`). */
  movedAway: (session: Session, sender: Participant, message: SessionMessage) => Promise<boolean> = async () => false,
) {
  return async (command: ForwardedCommand): Promise<CommandAnswer> => {
    if ((command.body as Partial<OwnerRequest> | null)?.kind === 'take') {
      return (await take(command.sessionId)) ? { ok: true } : { ok: false, code: 'busy', message: `this node cannot take session ${command.sessionId} now` };
    }
    if (registry.get(command.sessionId) === undefined) await taken(command.sessionId);
    const session = registry.get(command.sessionId);
    if (session === undefined || !owns(command.sessionId)) {
      return { ok: false, code: 'not-owner', message: `this node does not train session ${command.sessionId}` };
    }
    const request = command.body as Partial<OwnerRequest> | null;
    switch (request?.kind) {
      case 'join': {
        session.flushMetrics();
        const history = session.history.downsample(session.id, 0, Number.MAX_SAFE_INTEGER, JOIN_HISTORY_BUCKETS);
        const answer: JoinAnswer = { state: session.joinState(), history, editTokenHash: session.editTokenHash };
        return { ok: true, value: answer };
      }
      case 'presence':
        presenceChanged(session.id);
        return { ok: true };
      case 'message': {
        const decoded = decodeClientMessage(JSON.stringify(request.message));
        const sender = request.sender;
        if (!decoded.ok || !SESSION_MESSAGES.has(decoded.value.type) || sender === undefined) {
          return { ok: false, code: 'invalid', message: `expected a session message and its sender, got ${JSON.stringify(request).slice(0, 200)}` };
        }
        const proxy = new ForwardedParticipant(sender);
        if (await movedAway(session, proxy, decoded.value as SessionMessage)) {
          return { ok: false, code: 'not-owner', message: `session ${session.id} moved to a server with a free worker` };
        }
        await runSessionMessage(session, proxy, decoded.value as SessionMessage);
        return { ok: true, value: proxy.sent };
      }
      default:
        return { ok: false, code: 'invalid', message: `expected a join, presence or message request, got ${JSON.stringify(request).slice(0, 200)}` };
    }
  };
}

/** A sender on another node as a session sees it: what it is sent alone is kept for the answer. */
class ForwardedParticipant implements Participant {
  readonly id: string;
  name: string;
  readonly colour: string;
  role: Role;
  readonly sent: string[] = [];

  constructor(sender: ForwardedSender) {
    this.id = String(sender.id);
    this.name = String(sender.name);
    this.colour = String(sender.colour);
    this.role = sender.role === 'editor' ? 'editor' : 'viewer';
  }

  sendText(text: string): void {
    this.sent.push(text);
  }

  sendMessage(message: JsonServerMessage): void {
    this.sent.push(encodeServerMessage(message));
  }

  sendError(code: ErrorCode, message: string, requestType?: string): void {
    this.sendMessage({ type: 'error', code, message, ...(requestType === undefined ? {} : { requestType }) });
  }

  // Broadcasts reach the sender through its own node's relay reader, never through here.
  sendFrame(): void {}
  sendWire(): void {}
  sendTick(): void {}
  sendSnapshot(): void {}
  drop(): void {}
}
