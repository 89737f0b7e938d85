import { randomInt } from 'node:crypto';

const ADJECTIVES = ['Amber', 'Brisk', 'Calm', 'Daring', 'Eager', 'Fuzzy', 'Gentle', 'Happy', 'Jolly', 'Keen', 'Lucky', 'Mellow', 'Nimble', 'Quiet', 'Rapid', 'Sunny', 'Swift', 'Witty'];
const ANIMALS = ['Otter', 'Falcon', 'Lynx', 'Heron', 'Badger', 'Panda', 'Koala', 'Marten', 'Osprey', 'Gecko', 'Ibex', 'Wombat', 'Puffin', 'Tapir', 'Quokka', 'Yak'];
const COLOURS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46a0a0', '#f032e6', '#808000', '#9a6324', '#000075', '#c8a000', '#008080'];

const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)]!;

/** A friendly default display name such as "Swift Otter". */
export function generateName(): string {
  return `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
}

/** A presence colour, `#rrggbb`. */
export function generateColour(): string {
  return pick(COLOURS);
}
