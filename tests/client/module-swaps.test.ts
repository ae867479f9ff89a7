import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { moduleSwaps } from '../../client/module-swaps-plugin';
import { jestModuleSwaps, MODULE_SWAPS, type ModuleSwap } from '../../client/module-swaps';

const repositoryRoot = resolve(__dirname, '../..');
const nodeModules = join(repositoryRoot, 'node_modules');

type Hook<K extends 'configResolved' | 'resolveId' | 'buildEnd'> = Extract<NonNullable<Plugin[K]>, (...args: never[]) => unknown>;

function hook<K extends 'configResolved' | 'resolveId' | 'buildEnd'>(plugin: Plugin, name: K): Hook<K> {
  const value = plugin[name];
  if (!value) throw new Error(`the plugin has no ${name} hook`);
  return (typeof value === 'function' ? value : value.handler) as Hook<K>;
}

/** Runs `plugin` as Vite would: the config, then each import (specifier, importing file), then the end of the build. */
function runPlugin(plugin: Plugin, command: 'build' | 'serve', imports: Array<[string, string]>, failure?: Error): Array<string | null> {
  const context = {
    error(message: string): never {
      throw new Error(message);
    },
  };
  void hook(plugin, 'configResolved').call(context as never, { command } as ResolvedConfig);
  const answers = imports.map(([specifier, importer]) => hook(plugin, 'resolveId').call(context as never, specifier, importer, { isEntry: false } as never) as string | null);
  void hook(plugin, 'buildEnd').call(context as never, failure);
  return answers;
}

/** The import `swap` replaces in its library file, as that file writes it. */
function importToSwap(swap: ModuleSwap): string {
  const text = readFileSync(join(nodeModules, swap.importedIn), 'utf8');
  const specifier = [...text.matchAll(/\b(?:from|import|require)\s*\(?\s*["']([^"']+)["']/g)].map((match) => match[1]).find((candidate) => swap.specifier.test(candidate));
  if (!specifier) throw new Error(`${swap.importedIn} does not import ${swap.specifier}`);
  return specifier;
}

describe('module swaps in the build', () => {
  it('answer the import each swap names, in its library file, with our module', () => {
    const imports = MODULE_SWAPS.map((swap): [string, string] => [importToSwap(swap), join(nodeModules, swap.importedIn)]);
    const answers = runPlugin(moduleSwaps(MODULE_SWAPS, repositoryRoot), 'build', imports);
    expect(answers).toEqual(MODULE_SWAPS.map((swap) => resolve(repositoryRoot, swap.replacement)));
  });

  it('leave alone the same import made by a file the swap is not for', () => {
    const [decimal, fastUriForAjv] = runPlugin(moduleSwaps(MODULE_SWAPS, repositoryRoot), 'serve', [
      ['./getDecimalSeparator.js', join(repositoryRoot, 'client/src/forms/ThemeForm.tsx')],
      ['fast-uri', join(nodeModules, 'ajv/dist/runtime/uri.js')],
    ]);
    expect(decimal).toBeNull();
    expect(fastUriForAjv).toBe(join(nodeModules, 'fast-uri/index.js'));
  });

  it('fail the build, naming the swap, when a library no longer makes the import it replaces', () => {
    const swaps = MODULE_SWAPS.filter((swap) => swap.name === 'default-registry' || swap.name === 'plain-text-markdown');
    const onlyMarkdown: Array<[string, string]> = [['markdown-to-jsx/react', join(nodeModules, '@rjsf/core/lib/components/RichHelp.js')]];
    expect(() => runPlugin(moduleSwaps(swaps, repositoryRoot), 'build', onlyMarkdown)).toThrow(/answered no import.*default-registry/);
    expect(() => runPlugin(moduleSwaps(swaps, repositoryRoot), 'build', [])).toThrow(/default-registry.*plain-text-markdown/);
  });

  it('leave a failed build its own error, and never stop the dev server, which loads modules as they are asked for', () => {
    const failure = new Error('syntax error elsewhere');
    expect(() => runPlugin(moduleSwaps(MODULE_SWAPS, repositoryRoot), 'build', [], failure)).not.toThrow();
    expect(() => runPlugin(moduleSwaps(MODULE_SWAPS, repositoryRoot), 'serve', [])).not.toThrow();
  });
});

describe('module swaps in the client tests', () => {
  let fakeRoot: string;
  const writeLibraryFile = (path: string, text: string): void => {
    const file = join(fakeRoot, 'node_modules', path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  beforeEach(() => {
    fakeRoot = mkdtempSync(join(tmpdir(), 'wakuncar-swaps-'));
  });
  afterEach(() => rmSync(fakeRoot, { recursive: true, force: true }));

  it('map what the libraries installed today import to our modules', () => {
    expect(jestModuleSwaps(MODULE_SWAPS, repositoryRoot)).toEqual({
      '^\\.\\.?\\/getDefaultRegistry\\.js$': '<rootDir>/client/src/forms/rjsf-look/default-registry.ts',
      '^markdown-to-jsx\\/react$': '<rootDir>/client/src/forms/plain-text-markdown.tsx',
    });
  });

  it('stop Jest from starting when a library file no longer imports the swapped module', () => {
    writeLibraryFile('@rjsf/core/lib/components/Form.js', 'import getRegistry from "../registry/getRegistry.js";\n');
    writeLibraryFile('@rjsf/core/lib/components/RichDescription.js', "import { Markdown } from 'markdown-to-jsx/react';\n");
    expect(() => jestModuleSwaps(MODULE_SWAPS, fakeRoot)).toThrow(/default-registry: @rjsf\/core\/lib\/components\/Form\.js no longer imports/);
  });

  it('stop Jest from starting when the library file that made the import is gone', () => {
    writeLibraryFile('@rjsf/core/lib/components/Form.js', 'import getDefaultRegistry from "../getDefaultRegistry.js";\n');
    expect(() => jestModuleSwaps(MODULE_SWAPS, fakeRoot)).toThrow(/plain-text-markdown: @rjsf\/core\/lib\/components\/RichDescription\.js is not in/);
  });

  it('start when every swap made in tests still applies', () => {
    writeLibraryFile('@rjsf/core/lib/components/Form.js', 'import getDefaultRegistry from "../getDefaultRegistry.js";\n');
    writeLibraryFile('@rjsf/core/lib/components/RichDescription.js', "import { Markdown } from 'markdown-to-jsx/react';\n");
    expect(Object.keys(jestModuleSwaps(MODULE_SWAPS, fakeRoot))).toHaveLength(2);
  });
});
