/* eslint-disable */
/**
 * Index of the types of the built-in tematik.
 * Generated: do not edit by hand. Built-in themes are regenerated with `npm run gen:types`.
 */

import type { ArsetiData } from './arseti';
import type { CovidHarianData } from './covid-harian';
import type { DasawismaRekapData } from './dasawisma-rekap';
import type { KemiskinanData } from './kemiskinan';
import type { KwtData } from './kwt';
import type { PosyanduData } from './posyandu';
import type { StbmData } from './stbm';
import type { StuntingData } from './stunting';
import type { UmkmData } from './umkm';
import type { Up2KData } from './up2k';

export type { ArsetiData, CovidHarianData, DasawismaRekapData, KemiskinanData, KwtData, PosyanduData, StbmData, StuntingData, UmkmData, Up2KData };

/** Submission data of each built-in tematik, by slug. */
export interface BuiltInThemeData {
  'arseti': ArsetiData;
  'covid-harian': CovidHarianData;
  'dasawisma-rekap': DasawismaRekapData;
  'kemiskinan': KemiskinanData;
  'kwt': KwtData;
  'posyandu': PosyanduData;
  'stbm': StbmData;
  'stunting': StuntingData;
  'umkm': UmkmData;
  'up2k': Up2KData;
}
