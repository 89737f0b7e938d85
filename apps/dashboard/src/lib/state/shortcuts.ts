import type { SessionStore } from './sessionStore.svelte.js';

/** Every shortcut, as the help overlay lists it. */
export const SHORTCUTS: readonly { keys: string; does: string }[] = [
  { keys: 'Space', does: 'Play / pause (also while a button has focus)' },
  { keys: 's', does: 'Step one epoch (while paused)' },
  { keys: 'm', does: 'Show or hide the step-by-step math' },
  { keys: '?', does: 'Show this list' },
  { keys: 'Esc', does: 'Close this list or a dialog' },
];

/** What the page does for shortcuts that are not session commands. */
export interface ShortcutViews {
  toggleHelp(): void;
  toggleMath(): void;
}

function typingInto(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

/**
 * Space plays/pauses and `s` steps (editors only), `m` toggles the math view and `?` the help, never while typing.
 * Space on a focused button would also click it, so the key is taken before the browser turns it into a click.
 * Returns the unbinder.
 */
export function bindShortcuts(store: SessionStore, views: ShortcutViews): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingInto(e.target)) return;
    if (e.key === '?') {
      e.preventDefault();
      views.toggleHelp();
      return;
    }
    if (e.key === 'm') {
      views.toggleMath();
      return;
    }
    if (!store.canEdit) return;
    if (e.key === ' ') {
      e.preventDefault();
      if (!e.repeat) store.control({ action: store.status === 'running' ? 'pause' : 'play' });
    } else if (e.key === 's' && store.status !== 'running') {
      store.control({ action: 'step', unit: 'epoch' });
    }
  };
  // A button clicks on Space's keyup: swallow that keyup so the focused button does not act a second time.
  const onKeyUp = (e: KeyboardEvent) => {
    if (e.key === ' ' && e.target instanceof HTMLButtonElement && store.canEdit) e.preventDefault();
  };
  addEventListener('keydown', onKey);
  addEventListener('keyup', onKeyUp);
  return () => {
    removeEventListener('keydown', onKey);
    removeEventListener('keyup', onKeyUp);
  };
}
