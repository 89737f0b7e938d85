import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * URL of the compiled worker entry. Worker threads on Node 20 cannot run TypeScript, so the worker is always the
 * built `dist/sessions/worker.js`: from dist this is the sibling file; when this module itself runs from `src`
 * (vitest transpiles src on the fly), the same relative path under `dist` is used — `turbo test` builds first.
 */
export function resolveWorkerUrl(): URL {
  const sibling = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  const path = fileURLToPath(sibling);
  const inDist = path.replace(/([\\/])src([\\/])sessions([\\/])worker\.js$/, '$1dist$2sessions$3worker.js');
  if (inDist !== path && existsSync(inDist)) return pathToFileURL(inDist);
  throw new Error(`session worker not found: expected ${path} or ${inDist}; run \`pnpm --filter @liveprop/server build\``);
}
