import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import type { ModuleSwap } from './module-swaps';

/**
 * Applies `swaps` (module-swaps.ts) in the build and under `vite` (dev) to the modules it serves as
 * they are; a package the dev server pre-bundles keeps its own imports. A build in which a swap
 * answered no import fails: the library no longer imports what the swap replaces.
 */
export function moduleSwaps(swaps: readonly ModuleSwap[], repositoryRoot: string): Plugin {
  const used = new Set<ModuleSwap>();
  let building = false;
  return {
    name: 'wakuncar:module-swaps',
    enforce: 'pre',
    configResolved(config) {
      building = config.command === 'build';
    },
    resolveId(id, importer) {
      if (!importer) return null;
      const swap = swaps.find((candidate) => candidate.specifier.test(id) && (!candidate.importer || candidate.importer.test(importer)));
      if (!swap) return null;
      used.add(swap);
      return resolve(repositoryRoot, swap.replacement);
    },
    buildEnd(error) {
      // The dev server loads modules as they are asked for: an unused swap says nothing there.
      if (!building || error) return;
      const unused = swaps.filter((swap) => !used.has(swap));
      if (unused.length === 0) return;
      this.error(
        `module swaps that answered no import (client/module-swaps.ts): ${unused
          .map((swap) => `${swap.name} (${swap.specifier} from ${swap.importer ?? 'anywhere'})`)
          .join(', ')}`,
      );
    },
  };
}
