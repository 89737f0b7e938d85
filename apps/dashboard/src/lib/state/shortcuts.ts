import type { SessionStore } from './sessionStore.svelte.js';

function typingInto(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

/** Space plays/pauses, `s` steps one epoch — only for editors and never while typing. Returns the unbinder. */
export function bindShortcuts(store: SessionStore): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingInto(e.target) || !store.canEdit) return;
    if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      store.control({ action: store.status === 'running' ? 'pause' : 'play' });
    } else if (e.key === 's' && store.status !== 'running') {
      store.control({ action: 'step', unit: 'epoch' });
    }
  };
  addEventListener('keydown', onKey);
  return () => removeEventListener('keydown', onKey);
}
