import type { ReactElement } from 'react';
import { useRegion } from '../api/queries';
import { levelDepth, type RegionWithPath } from '../api/types';

/**
 * `Rejomulyo · RW 01 · RT 01` for an RT, the plain name for a kelurahan or anything above it: below a
 * kelurahan names repeat ("RT 01" is in every RW).
 */
export function regionLabel(region: RegionWithPath): string {
  if (levelDepth(region.level) <= levelDepth('kelurahan')) return region.name;
  const path = region.path ?? [];
  const fromKelurahan = path.slice(Math.max(0, path.findIndex((ancestor) => ancestor.level === 'kelurahan')));
  return [...fromKelurahan.map((ancestor) => ancestor.name), region.name].join(' · ');
}

/**
 * A region's name in a list, read by its code (kept on the device for offline reading): "…" while it
 * is read, the code only when it cannot be (offline, never read on this phone).
 */
export function RegionName({ code }: { code: string }): ReactElement {
  const region = useRegion(code);
  if (region.data) return <>{regionLabel(region.data)}</>;
  return <>{region.isError ? code : '…'}</>;
}
