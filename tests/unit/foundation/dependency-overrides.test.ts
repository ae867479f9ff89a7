import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const repositoryRoot = join(__dirname, '../../..');

type Overrides = { [name: string]: string | Overrides };

interface Override {
  /** `parent › package`, as the README's table writes it. */
  path: string;
  version: string;
}

/** Every override of `package.json`, nested ones as a path (npm's "." is the package itself). */
function overridesIn(tree: Overrides, parents: string[] = []): Override[] {
  return Object.entries(tree).flatMap(([name, value]) => {
    const path = name === '.' ? parents : [...parents, name];
    return typeof value === 'string' ? [{ path: path.join(' › '), version: value }] : overridesIn(value, path);
  });
}

/** The rows of the README's "Dependency overrides" table: override, pinned version, reason. */
function documentedOverrides(readme: string): Array<Override & { reason: string }> {
  const section = /^## Dependency overrides\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [path, version, reason] = line.split(' | ').map((cell) => cell.replace(/^\|\s*|\s*\|$/g, '').trim());
      return { path: path.replace(/`/g, ''), version: version.replace(/`/g, ''), reason };
    });
}

const packageJson = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { overrides?: Overrides };
const overrides = overridesIn(packageJson.overrides ?? {});
const documented = documentedOverrides(readFileSync(join(repositoryRoot, 'README.md'), 'utf8'));

describe('package.json overrides', () => {
  it('each carry their reason in the README, under the version they pin', () => {
    for (const override of overrides) {
      const row = documented.find((candidate) => candidate.path === override.path);
      expect({ ...override, documented: row?.version, reasonGiven: (row?.reason.length ?? 0) > 20 }).toEqual({
        ...override,
        documented: override.version,
        reasonGiven: true,
      });
    }
  });

  it('are the only ones the README lists, so a removed override takes its reason with it', () => {
    expect(documented.map((row) => row.path).sort()).toEqual(overrides.map((override) => override.path).sort());
  });
});
