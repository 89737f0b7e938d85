/**
 * A select's options with the current value among them, in order: a session may hold a value the list does not
 * offer (a preset's L2 rate of 0.0003, a batch of 64 from the API), and a select without it shows blank.
 */
export function choicesWith(options: readonly number[], current: number): number[] {
  return options.includes(current) ? [...options] : [...options, current].sort((a, b) => a - b);
}
