import type { BoundaryFeature } from './RegionMap';

/**
 * Kota Metro's kecamatan and kelurahan boundaries (cahyadsn/wilayah_boundaries, MIT: LICENSE-batas.txt
 * beside this file; coordinates rounded to 5 decimals, about a metre), fetched the first time a map is
 * shown: its own chunk, precached with the app, so the map works offline.
 */
export async function loadBoundaries(): Promise<BoundaryFeature[]> {
  const module = await import('./batas-kota-metro.json');
  return (module.default as unknown as { features: BoundaryFeature[] }).features;
}
