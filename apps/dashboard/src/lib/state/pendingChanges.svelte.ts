/** Changes shown at once in the sender's controls, until the server's event (or error) settles them. Keyed by control. */
export type PendingChanges = Readonly<Record<string, unknown>>;

/** A change the server neither confirms nor refuses within this long stops overriding the server's value. */
const PENDING_TIMEOUT_MS = 5000;

const TOPOLOGY_CHANGES: ReadonlySet<string> = new Set(['addLayer', 'removeLayer', 'addNeuron', 'removeNeuron']);

/** Topology edits share the key `topology`: they all change the one layer-sizes control. */
function controlKey(what: string): string {
  return TOPOLOGY_CHANGES.has(what) ? 'topology' : what;
}

/** The optimistic values of the changes this tab sent that the server has not settled yet. */
export class PendingChangeBook {
  current: PendingChanges = $state.raw({});

  /**
   * Shows `shown` on the control of change `what` while `send` sends it; settles it at once when it could not be
   * sent, else after the server's answer or {@link PENDING_TIMEOUT_MS}, whichever comes first.
   */
  hold(what: string, shown: unknown, send: () => boolean): void {
    const key = controlKey(what);
    this.current = { ...this.current, [key]: shown };
    if (!send()) {
      this.settle(what);
      return;
    }
    setTimeout(() => {
      if (this.current[key] === shown) this.settle(what);
    }, PENDING_TIMEOUT_MS);
  }

  /** The server answered change `what`: its control shows the server's value again. */
  settle(what: string): void {
    const key = controlKey(what);
    if (!(key in this.current)) return;
    const { [key]: _settled, ...rest } = this.current;
    this.current = rest;
  }

  clear(): void {
    this.current = {};
  }
}
