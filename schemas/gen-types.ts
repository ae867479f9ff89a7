/**
 * `npm run gen:types`: writes `schemas/generated/<slug>.ts` for every built-in tematik in
 * `schemas/themes/` plus `schemas/generated/index.ts`, and removes files of themes that are gone.
 * The unit tests fail on drift, so run this after editing a built-in definition.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { TypedTheme, generateThemeTypes, generateThemeTypesIndex } from './theme-types';

const THEMES_DIR = join(__dirname, 'themes');
const GENERATED_DIR = join(__dirname, 'generated');

async function main(): Promise<void> {
  const files = readdirSync(THEMES_DIR).filter((name) => name.endsWith('.json')).sort();
  mkdirSync(GENERATED_DIR, { recursive: true });
  const written = new Set<string>(['index.ts']);
  for (const file of files) {
    const definition = JSON.parse(readFileSync(join(THEMES_DIR, file), 'utf8')) as TypedTheme;
    if (`${definition.slug}.json` !== file) throw new Error(`${file}: slug "${definition.slug}" must match the file name`);
    writeFileSync(join(GENERATED_DIR, `${definition.slug}.ts`), await generateThemeTypes(definition));
    written.add(`${definition.slug}.ts`);
  }
  writeFileSync(join(GENERATED_DIR, 'index.ts'), generateThemeTypesIndex(files.map((file) => file.replace(/\.json$/, ''))));
  for (const stale of readdirSync(GENERATED_DIR).filter((name) => name.endsWith('.ts') && !written.has(name))) {
    rmSync(join(GENERATED_DIR, stale));
  }
  console.log(`gen:types: ${files.length} tematik → schemas/generated/`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
