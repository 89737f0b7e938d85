import { sameUnit, type UnitFocus } from './focus.js';
import { LatestWins, browserClock, type Clock } from './latestWins.js';
import { readTrace, type StepTraceData } from './traceData.js';

/** A training-row index, or the batch the next step trains on. */
export type TraceTarget = number | 'batch';

/** How the view asks the server for a trace: the session store's socket. Returns false when nothing was sent. */
export type SendTraceRequest = (target: TraceTarget) => boolean;

/** `taken`: the step the session just took (traced before it); `next`: the step it will take from here. */
export type StepView = 'taken' | 'next';

/** 5 traces a second at most: numbers are read, not watched like a chart. */
const MIN_INTERVAL_MS = 200;
/** A huge network on a slow machine still refreshes every 2 s. */
const MAX_INTERVAL_MS = 2000;
const REPLY_TIMEOUT_MS = 3000;

/**
 * One viewer's math view: which sample it traces, the latest trace, and the focused neuron. Each viewer asks for
 * its own sample, so viewers of one session can look at different samples at once.
 */
export class MathState {
  target: TraceTarget = $state(0);
  trace: StepTraceData | null = $state.raw(null);
  /** The target the shown trace belongs to (it may lag `target` until the answer arrives). */
  traceTarget: TraceTarget | null = $state(null);
  /**
   * The trace from one epoch before `trace`, same target and config: it shows the step the session has just
   * taken, numbers before and after. Null when the view did not see the state before the last step.
   */
  taken: StepTraceData | null = $state.raw(null);
  /** Whether `trace` arrived while the session trained on its own. */
  private traceWasLive = false;
  view: StepView = $state('taken');
  error: string | null = $state(null);
  /** Traces received, for tests and for the "updated" pulse. */
  received = $state(0);
  pinned: UnitFocus | null = $state.raw(null);
  hovered: UnitFocus | null = $state.raw(null);
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- immutable, replaced wholesale (see toggleExpanded).
  expanded: ReadonlySet<string> = $state.raw(new Set());

  readonly focus: UnitFocus | null = $derived(this.hovered ?? this.pinned);
  readonly current = $derived(this.trace !== null && this.traceTarget === this.target);
  /** What the view shows: the step just taken when asked for and known, else the next step. */
  readonly shown: StepTraceData | null = $derived(this.view === 'taken' && this.taken ? this.taken : this.trace);

  private readonly throttle: LatestWins;

  constructor(
    private readonly sendRequest: SendTraceRequest,
    clock: Clock = browserClock,
  ) {
    this.throttle = new LatestWins(() => this.sendRequest(this.target), { minIntervalMs: MIN_INTERVAL_MS, maxIntervalMs: MAX_INTERVAL_MS, replyTimeoutMs: REPLY_TIMEOUT_MS }, clock);
  }

  /** The session moved (epoch, step, change): refresh, throttled, latest wins. */
  refresh(): void {
    this.throttle.request();
  }

  setTarget(target: TraceTarget): void {
    if (target === this.target) return;
    this.target = target;
    this.taken = null;
    this.error = null;
    this.throttle.request();
  }

  /**
   * A `trace` frame arrived. Answers for a target the viewer has since left are dropped. `live`: the session is
   * training on its own, so this trace and the next are not one Step apart even when their epochs are.
   */
  receive(sample: TraceTarget, value: unknown, live = false): void {
    this.throttle.answered();
    if (sample !== this.target) return;
    const trace = readTrace(value);
    if (!trace) {
      this.error = 'the server sent a trace this view cannot read';
      return;
    }
    const before = this.trace;
    const stepped = before && !live && !this.traceWasLive && this.traceTarget === sample && trace.epoch === before.epoch + 1;
    if (stepped) this.taken = before;
    else if (!before || trace.epoch !== before.epoch) this.taken = null;
    this.traceWasLive = live;
    this.trace = trace;
    this.traceTarget = sample;
    this.error = null;
    this.received++;
  }

  /** The network or training settings changed: a trace from before no longer describes a step of this network. */
  configChanged(): void {
    this.taken = null;
  }

  setView(view: StepView): void {
    this.view = view;
  }

  /** How long the last trace took from arrival to painted; slows the refresh rate for heavy views. */
  shownIn(ms: number): void {
    this.throttle.shownIn(ms);
  }

  /** The server refused the request (e.g. no such training row). */
  refused(message: string): void {
    this.throttle.answered();
    this.error = message;
  }

  /** Click on a unit header: pin it, or unpin it when it is already pinned. */
  togglePin(unit: UnitFocus): void {
    this.pinned = sameUnit(this.pinned, unit) ? null : unit;
  }

  hover(unit: UnitFocus | null): void {
    this.hovered = unit;
  }

  toggleExpanded(blockId: string): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a private copy, assigned to the $state.raw field once built.
    const next = new Set(this.expanded);
    if (!next.delete(blockId)) next.add(blockId);
    this.expanded = next;
  }

  dispose(): void {
    this.throttle.dispose();
  }
}
