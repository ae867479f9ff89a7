/**
 * Keys made from what the admin wrote, so nobody types one: `Prevalensi stunting (%)` →
 * `prevalensi_stunting` for a measure, `kader-harian-0800` for a reminder; unique within the theme.
 */

const MAX_BASE = 58;

function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

function unique(base: string, taken: Iterable<string>, separator: string): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let number = 2; ; number += 1) {
    const candidate = `${base}${separator}${number}`;
    if (!used.has(candidate)) return candidate;
  }
}

function joined(text: string, separator: string, fallback: string): string {
  let base = words(text).join(separator).slice(0, MAX_BASE);
  base = base.replace(new RegExp(`${separator}+$`), '');
  return base === '' ? fallback : base;
}

/** A measure key (`^[a-z][a-z0-9_]*$`, at most 64 characters) from its title. */
export function measureKey(title: string, taken: Iterable<string>): string {
  const base = joined(title, '_', 'ukuran');
  return unique(/^[a-z]/.test(base) ? base : `ukuran_${base}`.slice(0, MAX_BASE), taken, '_');
}

/** A reminder key (`^[a-z0-9]+(-[a-z0-9]+)*$`, at most 64 characters) from words about it. */
export function reminderKey(text: string, taken: Iterable<string>): string {
  return unique(joined(text, '-', 'pengingat'), taken, '-');
}
