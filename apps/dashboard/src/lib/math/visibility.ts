/**
 * Svelte action: calls `onchange(true)` while the element is on screen (with a margin), `false` when it leaves.
 * Off-screen matrix blocks skip updates, so a tall math view costs only what the viewer can see.
 */
export function watchVisibility(node: Element, onchange: (visible: boolean) => void): { destroy(): void } {
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) onchange(entry.isIntersecting);
  }, { rootMargin: '200px 0px' });
  observer.observe(node);
  return { destroy: () => observer.disconnect() };
}
