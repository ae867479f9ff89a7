/**
 * Nutritional status categories of Permenkes No. 2 Tahun 2020 (Standar Antropometri Anak), from a WHO
 * 2006 z-score. The built-in stunting theme writes the same thresholds as expressions
 * (schemas/themes/stunting.json); a unit test holds the two together.
 */

/** Panjang/tinggi badan menurut umur (PB/U, TB/U). Stunting = pendek or sangat pendek (z < −2). */
export type HeightForAgeCategory = 'sangat_pendek' | 'pendek' | 'normal' | 'tinggi';
/** Berat badan menurut umur (BB/U). */
export type WeightForAgeCategory = 'sangat_kurang' | 'kurang' | 'normal' | 'risiko_lebih';
/** Berat badan menurut panjang/tinggi badan (BB/PB, BB/TB). */
export type WeightForHeightCategory = 'gizi_buruk' | 'gizi_kurang' | 'gizi_baik' | 'berisiko_gizi_lebih' | 'gizi_lebih' | 'obesitas';

export const HEIGHT_FOR_AGE_CATEGORIES: readonly HeightForAgeCategory[] = ['sangat_pendek', 'pendek', 'normal', 'tinggi'];
export const WEIGHT_FOR_AGE_CATEGORIES: readonly WeightForAgeCategory[] = ['sangat_kurang', 'kurang', 'normal', 'risiko_lebih'];
export const WEIGHT_FOR_HEIGHT_CATEGORIES: readonly WeightForHeightCategory[] = ['gizi_buruk', 'gizi_kurang', 'gizi_baik', 'berisiko_gizi_lebih', 'gizi_lebih', 'obesitas'];

/** sangat pendek z < −3; pendek −3 ≤ z < −2; normal −2 ≤ z ≤ +3; tinggi z > +3. */
export function heightForAgeCategory(z: number | null): HeightForAgeCategory | null {
  if (z === null || !Number.isFinite(z)) return null;
  return z < -3 ? 'sangat_pendek' : z < -2 ? 'pendek' : z <= 3 ? 'normal' : 'tinggi';
}

/** sangat kurang z < −3; kurang −3 ≤ z < −2; normal −2 ≤ z ≤ +1; risiko berat badan lebih z > +1. */
export function weightForAgeCategory(z: number | null): WeightForAgeCategory | null {
  if (z === null || !Number.isFinite(z)) return null;
  return z < -3 ? 'sangat_kurang' : z < -2 ? 'kurang' : z <= 1 ? 'normal' : 'risiko_lebih';
}

/** gizi buruk z < −3; kurang −3 ≤ z < −2; baik −2 ≤ z ≤ +1; berisiko gizi lebih ≤ +2; gizi lebih ≤ +3; obesitas > +3. */
export function weightForHeightCategory(z: number | null): WeightForHeightCategory | null {
  if (z === null || !Number.isFinite(z)) return null;
  if (z < -3) return 'gizi_buruk';
  if (z < -2) return 'gizi_kurang';
  if (z <= 1) return 'gizi_baik';
  if (z <= 2) return 'berisiko_gizi_lebih';
  return z <= 3 ? 'gizi_lebih' : 'obesitas';
}
