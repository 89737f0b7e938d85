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
