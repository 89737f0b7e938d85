import type { Participant } from '../sessions/participant.js';
import type { SessionMessage } from '../sessions/sessionCommands.js';
import type { Session } from '../sessions/session.js';
import type { OwnerLink } from './ownerLink.js';
import { RemoteSession } from './remoteSession.js';
import type { SessionMoves } from './sessionMove.js';

/** This node's {@link RemoteSession}s, one per session with participants here. */
export class RemoteSessions {
  private readonly sessions = new Map<string, RemoteSession>();
  /** Set once the node can move sessions (see {@link SessionMoves}). */
  moves: SessionMoves | null = null;

  constructor(private readonly link: OwnerLink) {}

  /** Whether `msg` of `sender`, about `session` trained here, finds it moved to a node with a free worker first. */
  movedAway(session: Session, sender: Pick<Participant, 'role'>, msg: SessionMessage): Promise<boolean> {
    return this.moves?.movedAway(session, sender, msg) ?? Promise.resolve(false);
  }

  /** The session's local side, made when its first participant joins. */
  get(id: string): RemoteSession {
    let remote = this.sessions.get(id);
    if (remote === undefined) {
      const created = new RemoteSession(id, this.link, () => {
        if (this.sessions.get(id) === created) this.sessions.delete(id);
      }, (session, sender, msg) => this.movedAway(session, sender, msg));
      remote = created;
      this.sessions.set(id, remote);
    }
    return remote;
  }
}
