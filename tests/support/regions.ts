/**
 * Kota Metro's regions as every test database seeds them (server/src/modules/regions/data/
 * wilayah-kota-metro.csv), named as there. Tests say where a user sits or a submission is made with
 * these; a code spelled out stays only where the code itself is what a test checks.
 */

export const LAMPUNG = '18';
export const KOTA_METRO = '18.72';

export const METRO_PUSAT = '18.72.01';
export const KELURAHAN_METRO = '18.72.01.1001';
export const HADIMULYO_TIMUR = '18.72.01.1002';
export const IMOPURO = '18.72.01.1003';
export const HADIMULYO_BARAT = '18.72.01.1004';
export const YOSOMULYO = '18.72.01.1005';

export const METRO_UTARA = '18.72.02';
export const BANJARSARI = '18.72.02.1001';
export const PURWOSARI = '18.72.02.1002';
export const KARANGREJO = '18.72.02.1003';
export const PURWOASRI = '18.72.02.1004';

export const METRO_BARAT = '18.72.03';
export const MULYOJATI = '18.72.03.1001';
export const GANJAR_AGUNG = '18.72.03.1002';
export const MULYOSARI = '18.72.03.1003';
export const GANJAR_ASRI = '18.72.03.1004';

export const METRO_TIMUR = '18.72.04';
export const YOSODADI = '18.72.04.1001';
export const TEJOSARI = '18.72.04.1002';
export const IRING_MULYO = '18.72.04.1003';
export const YOSOREJO = '18.72.04.1004';
export const TEJO_AGUNG = '18.72.04.1005';

export const METRO_SELATAN = '18.72.05';
export const REJOMULYO = '18.72.05.1001';
export const MARGOREJO = '18.72.05.1002';
export const SUMBERSARI_BANTUL = '18.72.05.1003';
export const MARGODADI = '18.72.05.1004';

/** Rejomulyo's RW and RT, seeded for the demo (server/src/modules/regions/demo-local-regions.ts). */
export const REJOMULYO_RW_01 = '18.72.05.1001.001';
export const REJOMULYO_RW_01_RT_01 = '18.72.05.1001.001.001';
export const REJOMULYO_RW_01_RT_02 = '18.72.05.1001.001.002';
export const REJOMULYO_RW_01_RT_03 = '18.72.05.1001.001.003';
export const REJOMULYO_RW_02 = '18.72.05.1001.002';
export const REJOMULYO_RW_02_RT_01 = '18.72.05.1001.002.001';
export const REJOMULYO_RW_02_RT_02 = '18.72.05.1001.002.002';
/** Every RT of Rejomulyo, in code order. */
export const REJOMULYO_RTS = [REJOMULYO_RW_01_RT_01, REJOMULYO_RW_01_RT_02, REJOMULYO_RW_01_RT_03, REJOMULYO_RW_02_RT_01, REJOMULYO_RW_02_RT_02];
