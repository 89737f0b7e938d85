import type { GeneratedKind } from '../kinds.js';
import { generateCircle } from './circle.js';
import { generateGauss } from './gauss.js';
import { generateMoons } from './moons.js';
import { generatePlane } from './plane.js';
import { generateRegressGauss } from './regressGauss.js';
import { generateSpiral } from './spiral.js';
import type { Generator } from './types.js';
import { generateXor } from './xor.js';

/** The generator behind each generated dataset kind. */
export const GENERATORS: Readonly<Record<GeneratedKind, Generator>> = {
  xor: generateXor,
  circle: generateCircle,
  gauss: generateGauss,
  spiral: generateSpiral,
  moons: generateMoons,
  plane: generatePlane,
  regressGauss: generateRegressGauss,
};
