/**
 * The randomness every stochastic part of core draws from. Always passed in, never global,
 * so a seed reproduces a run.
 */
export interface Rng {
  /** Uniform double in [0, 1). */
  random(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}
