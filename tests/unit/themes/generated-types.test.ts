// json-schema-to-typescript loads prettier's main build, which starts a dynamic import() that Jest
// cannot run without --experimental-vm-modules; generateThemeTypes formats with the standalone build
// anyway, so the same library's CommonJS build stands in for it here.
jest.mock('prettier', () => jest.requireActual('prettier/standalone'));

import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { generateThemeTypes, generateThemeTypesIndex, themeTypeName } from '../../../schemas/theme-types';
import { REPO_ROOT } from '../../support/paths';
import { builtInSlugs, completeTheme, loadBuiltIn } from '../../support/themes';

const GENERATED_DIR = join(REPO_ROOT, 'schemas', 'generated');

function committed(file: string): string {
  try {
    return readFileSync(join(GENERATED_DIR, file), 'utf8');
  } catch {
    return '';
  }
}

function expectUpToDate(file: string, generated: string): void {
  if (committed(file) !== generated) {
    throw new Error(`schemas/generated/${file} is out of date with schemas/themes/: run npm run gen:types`);
  }
}

describe('generated types of the built-in tematik', () => {
  it.each(builtInSlugs())('schemas/generated/%s.ts matches its definition', async (slug) => {
    const generated = await generateThemeTypes(loadBuiltIn(slug));
    expectUpToDate(`${slug}.ts`, generated);
    // index.ts imports this name, so it must be the one json-schema-to-typescript wrote.
    expect(generated).toContain(`export interface ${themeTypeName(slug)} {`);
  });

  it('schemas/generated/index.ts lists every built-in and nothing else', () => {
    expectUpToDate('index.ts', generateThemeTypesIndex(builtInSlugs()));
    const files = readdirSync(GENERATED_DIR).sort();
    const expected = [...builtInSlugs().map((slug) => `${slug}.ts`), 'index.ts'].sort();
    if (files.join() !== expected.join()) throw new Error(`stale files in schemas/generated/: run npm run gen:types`);
  });
});

describe('generateThemeTypes', () => {
  it('names the type after the slug and keeps labels as doc comments, not type aliases', async () => {
    const code = await generateThemeTypes(completeTheme());
    expect(code).toMatch(/do not edit by hand/i);
    expect(code).toContain('export interface UjiCobaData {');
    expect(code).toMatch(/\* Jumlah\n\s+\*\/\n\s+jumlah: number;/);
    expect(code).toContain("kategori?: 'a' | 'b';");
    expect(code).toMatch(/lokasi\?: \{/);
    expect(code).not.toMatch(/export type Jumlah\b/);
  });

  it('is deterministic and leaves the definition untouched', async () => {
    const definition = completeTheme();
    const before = JSON.stringify(definition);
    expect(await generateThemeTypes(definition)).toBe(await generateThemeTypes(completeTheme()));
    expect(JSON.stringify(definition)).toBe(before);
  });

  it('refuses a remote $ref of an admin-written schema instead of fetching it', async () => {
    const definition = completeTheme((d) => (d.schema.properties.jauh = { $ref: 'https://example.invalid/skema.json', title: 'Jauh' }));
    await expect(generateThemeTypes(definition)).rejects.toThrow(/resolved/);
  });

  it('follows local $defs references', async () => {
    const definition = completeTheme((d) => {
      d.schema.$defs = { rupiah: { type: 'integer', minimum: 0 } };
      d.schema.properties.setoran = { $ref: '#/$defs/rupiah', title: 'Setoran' };
    });
    expect(await generateThemeTypes(definition)).toMatch(/setoran\?: number;/);
  });

  it('declares a field shown only on a condition as optional, typed as its condition says', async () => {
    const definition = completeTheme((d) => {
      d.schema.allOf = [{ if: { properties: { aktif: { const: true } }, required: ['aktif'] }, then: { properties: { nomor: { type: 'string', title: 'Nomor' } }, required: ['nomor'] } }];
    });
    expect(await generateThemeTypes(definition)).toMatch(/\* Nomor\n\s+\*\/\n\s+nomor\?: string;/);
    expect(await generateThemeTypes(loadBuiltIn('umkm'))).toMatch(/nib\?: string;/);
  });

  it('turns slugs into type names', () => {
    expect(themeTypeName('covid-harian')).toBe('CovidHarianData');
    expect(themeTypeName('up2k')).toBe('Up2KData');
    expect(themeTypeName('2026-sensus')).toBe('Tema2026SensusData');
  });
});
