import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { initI18n } from '../../client/src/app/i18n';
import { en } from '../../client/src/app/locales/en';
import { id } from '../../client/src/app/locales/id';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : leaves(value, `${prefix}${key}.`)));
}

const sourceFiles = (folder: string): string[] =>
  readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });

const withoutPlural = (key: string): string => key.replace(/_(one|other)$/, '');

describe('translations', () => {
  const indonesian = new Set(leaves(id as unknown as Tree));
  const english = new Set(leaves(en as unknown as Tree).map(withoutPlural));

  it('has every Indonesian string in English too, and nothing English-only', () => {
    expect([...indonesian].filter((key) => !english.has(key))).toEqual([]);
    expect([...english].filter((key) => !indonesian.has(key))).toEqual([]);
  });

  it('defines every literal key the client asks for', () => {
    // An area's own words (features/<area>/texts.ts) are added to i18next when its module loads.
    initI18n('id');
    for (const file of sourceFiles(join(__dirname, '../../client/src/features')).filter((path) => /[\\/]texts\.ts$/.test(path))) require(file);
    const defined = new Set(leaves(i18next.getResourceBundle('id', 'translation') as Tree));
    const used = new Set<string>();
    for (const file of sourceFiles(join(__dirname, '../../client/src'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z]+(?:\.[a-zA-Z]+)+)'/g)) used.add(match[1]);
      for (const match of text.matchAll(/'((?:rjsf|nav)\.[a-zA-Z]+)'/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !defined.has(key))).toEqual([]);
  });
});
