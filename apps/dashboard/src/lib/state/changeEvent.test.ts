import { describe, expect, it } from 'vitest';
import { toChangeEvent } from './changeEvent.js';

const event = { seq: 7, epoch: 12, by: 'Calm Tapir', what: 'learningRate', from: 0.01, to: 0.1, at: 1 };

describe('toChangeEvent', () => {
  it("takes the colour of the participant who made the change", () => {
    const e = toChangeEvent(event, [{ id: 'a', name: 'Calm Tapir', colour: '#3cb44b', role: 'editor' }]);
    expect(e).toMatchObject({ id: '7', epoch: 12, byName: 'Calm Tapir', color: '#3cb44b', what: 'learningRate' });
  });

  it('still gives a stable colour when the author has left', () => {
    expect(toChangeEvent(event, []).color).toBe(toChangeEvent(event, []).color);
  });

  it('marks system events (divergence) in red', () => {
    expect(toChangeEvent({ ...event, by: 'system', what: 'diverged' }, []).color).toBe('#ff6b6b');
  });
});
