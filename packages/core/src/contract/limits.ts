/** Every size limit of the engine, in one place. The server and the CLI enforce the same numbers. */
export const LIMITS = {
  maxLayers: 16,
  maxUnitsPerLayer: 1024,
  maxInputs: 1024,
  maxParameters: 4_000_000,
  maxDatasetRows: 1_000_000,
  maxBatchSize: 65_536,
  maxClasses: 64,
  maxLearningRate: 100,
  maxSurfaceGrid: 128,
  maxCsvBytes: 64 * 1024 * 1024,
  maxRegularizationRate: 10,
  /** Largest magnitude of an init parameter (bounds, mean, std, constant). */
  maxInitMagnitude: 1000,
  maxNameLength: 200,
} as const;

/**
 * The inclusive range of each bounded config field that is not a size. Core's validator and protocol's schema both
 * read these, so neither side can drift from the other.
 */
export const CONFIG_RANGES = {
  seed: { min: 0, max: 0xffffffff },
  learningRate: { min: 0, max: LIMITS.maxLearningRate },
  momentum: { min: 0, max: 0.9999 },
  adamBeta: { min: 0, max: 0.9999999 },
  adamEpsilon: { min: 1e-300, max: 1 },
  regularizationRate: { min: 0, max: LIMITS.maxRegularizationRate },
  initParameter: { min: -LIMITS.maxInitMagnitude, max: LIMITS.maxInitMagnitude },
  noise: { min: 0, max: 1 },
  testFraction: { min: 0, max: 0.9 },
  /** Rows of a generated dataset; CSV and fixed data take their rows from the data and ignore it. */
  samples: { min: 0, max: LIMITS.maxDatasetRows },
} as const;
