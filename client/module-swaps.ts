import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A module a library imports, replaced by one of ours when the client is built (vite.config.ts,
 * module-swaps-plugin.ts) and, where `inTests`, when it is tested (jest.config.ts). A swap that
 * stops matching would quietly undo what it is for, so each one fails loudly: the build fails when
 * a swap answered no import, and Jest's config refuses to load when `importedIn` no longer imports
 * the module.
 */
export interface ModuleSwap {
  name: string;
  /** The import specifier that is swapped. */
  specifier: RegExp;
  /** Only imports made by matching files are swapped; every importer's when absent. */
  importer?: RegExp;
  /** A file of the library (under node_modules) that makes such an import today. */
  importedIn: string;
  /** Ours, relative to the repository root. */
  replacement: string;
  /** Swapped in the client tests too, by specifier alone (Jest's moduleNameMapper knows no importer). */
  inTests: boolean;
}

/** Every swap; the first that matches an import answers it. */
export const MODULE_SWAPS: readonly ModuleSwap[] = [
  {
    // RJSF builds an Intl.NumberFormat on every render of every number field, the largest cost of
    // drawing a form on a slow phone; ours gives the same answer, asked once per locale list.
    // Not in tests: Jest runs @rjsf/utils' CommonJS bundle, which has no such module.
    name: 'memoised-decimal-separator',
    specifier: /^\.\/getDecimalSeparator\.js$/,
    importer: /[\\/]@rjsf[\\/]utils[\\/]lib[\\/]/,
    importedIn: '@rjsf/utils/lib/asNumber.js',
    replacement: 'client/src/forms/decimal-separator.ts',
    inTests: false,
  },
  {
    // @rjsf/core's registry imports every field, widget and template it has; ours is Wakuncar's look
    // with RJSF's rarer parts fetched on demand (jest.config.ts runs @rjsf/core from these modules).
    name: 'default-registry',
    specifier: /^\.\.?\/getDefaultRegistry\.js$/,
    importer: /[\\/]@rjsf[\\/]core[\\/]lib[\\/]/,
    importedIn: '@rjsf/core/lib/components/Form.js',
    replacement: 'client/src/forms/rjsf-look/default-registry.ts',
    inTests: true,
  },
  {
    // fast-uri for @rjsf/utils only (see local-uri.ts). Not in tests: swapped by name alone, Ajv
    // would lose fast-uri too.
    name: 'local-uri-for-rjsf',
    specifier: /^fast-uri$/,
    importer: /[\\/]@rjsf[\\/]utils[\\/]/,
    importedIn: '@rjsf/utils/lib/findSchemaDefinition.js',
    replacement: 'client/src/forms/local-uri.ts',
    inTests: false,
  },
  {
    // What an admin wrote is shown as text, never read as markdown (plain-text-markdown.tsx).
    name: 'plain-text-markdown',
    specifier: /^markdown-to-jsx\/react$/,
    importedIn: '@rjsf/core/lib/components/RichDescription.js',
    replacement: 'client/src/forms/plain-text-markdown.tsx',
    inTests: true,
  },
  {
    // Whatever else asks for fast-uri gets Ajv's copy (3.x), the one the server validates with.
    // Not in tests: there each package keeps the copy Node resolves for it.
    name: 'one-fast-uri',
    specifier: /^fast-uri$/,
    importedIn: 'ajv/dist/runtime/uri.js',
    replacement: 'node_modules/fast-uri/index.js',
    inTests: false,
  },
];

// `from '…'`, `import '…'`, `import('…')`, `require('…')`: enough for the published files named above.
const IMPORT = /\b(?:from|import|require)\s*\(?\s*["']([^"']+)["']/g;

/** Why each of `swaps` would no longer apply to the libraries installed in `nodeModules` (none: all apply). */
export function staleModuleSwaps(swaps: readonly ModuleSwap[], nodeModules: string): string[] {
  return swaps.flatMap((swap) => {
    const file = join(nodeModules, swap.importedIn);
    if (!existsSync(file)) return [`${swap.name}: ${swap.importedIn} is not in ${nodeModules}`];
    const specifiers = [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => match[1]);
    return specifiers.some((specifier) => swap.specifier.test(specifier)) ? [] : [`${swap.name}: ${swap.importedIn} no longer imports ${swap.specifier}`];
  });
}

/**
 * Jest's moduleNameMapper entries for the swaps made in tests; throws, so Jest does not start, when
 * one of them would no longer apply.
 */
export function jestModuleSwaps(swaps: readonly ModuleSwap[], repositoryRoot: string): Record<string, string> {
  const inTests = swaps.filter((swap) => swap.inTests);
  const stale = staleModuleSwaps(inTests, join(repositoryRoot, 'node_modules'));
  if (stale.length > 0) throw new Error(`Module swaps that no longer apply (client/module-swaps.ts):\n${stale.join('\n')}`);
  return Object.fromEntries(inTests.map((swap) => [swap.specifier.source, `<rootDir>/${swap.replacement}`]));
}
