import { regressionGenerator } from './regression.js';

/** Regression on a tilted plane: target (x + y) / 12 in [-1, 1]. */
export const generatePlane = regressionGenerator((x, y) => (x + y) / 12);
