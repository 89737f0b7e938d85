import { describe, expect, it } from 'vitest';
import { toChangeEvent } from './changeEvent.js';

const event = { seq: 7, epoch: 12, by: 'Calm Tapir', what: 'learningRate', from: 0.01, to: 0.1, at: 1 };
const nobody = () => undefined;

describe('toChangeEvent', () => {
  it('keeps the colour the event carries, whoever is present now', () => {
    const e = toChangeEvent({ ...event, colour: '#3cb44b' }, () => '#e6194b');
    expect(e).toMatchObject({ id: '7', epoch: 12, byName: 'Calm Tapir', color: '#3cb44b', what: 'learningRate', text: 'Learning rate 0.01 → 0.1' });
  });

  it('falls back to the colour this tab saw the author wear, for events from before colours were kept', () => {
    expect(toChangeEvent(event, (name) => (name === 'Calm Tapir' ? '#3cb44b' : undefined)).color).toBe('#3cb44b');
  });

  it('still gives a stable colour when nothing is known of the author', () => {
    expect(toChangeEvent(event, nobody).color).toBe(toChangeEvent(event, nobody).color);
  });

  it('marks system events (divergence) in red', () => {
    expect(toChangeEvent({ ...event, by: 'system', what: 'diverged' }, nobody).color).toBe('#ff6b6b');
  });
});
