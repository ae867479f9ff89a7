// Shared by the server (list answers) and the client (what it shows offline), so a period reads the
// same everywhere. Month names are written out rather than taken from Intl: the server's ICU data and
// a phone's may differ, and the words must not.

export type LabelLanguage = 'id' | 'en';

const MONTHS: Record<LabelLanguage, readonly string[]> = {
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const ROMAN = ['I', 'II', 'III', 'IV'];

const NO_PERIOD: Record<LabelLanguage, string> = { id: 'Tanpa periode', en: 'No period' };

const monthName = (month: string, language: LabelLanguage): string | undefined => MONTHS[language][Number(month) - 1];

/**
 * A period key as people say it: `2026-11-28` → "28 November 2026", `2026-W48` → "Minggu ke-48 2026",
 * `2026-11` → "November 2026", `2026-Q4` → "Triwulan IV 2026", `2026` → "2026", and the key of a
 * theme without periods (`all`) or none at all → "Tanpa periode". A key of no known shape is shown as it is.
 */
export function periodLabel(key: string | null | undefined, language: LabelLanguage): string {
  const english = language === 'en';
  if (key === null || key === undefined || key === '' || key === 'all') return NO_PERIOD[language];
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (match && monthName(match[2], language)) return `${Number(match[3])} ${monthName(match[2], language)} ${match[1]}`;
  match = /^(\d{4})-W(\d{2})$/.exec(key);
  if (match) return english ? `Week ${Number(match[2])} ${match[1]}` : `Minggu ke-${Number(match[2])} ${match[1]}`;
  match = /^(\d{4})-(\d{2})$/.exec(key);
  if (match && monthName(match[2], language)) return `${monthName(match[2], language)} ${match[1]}`;
  match = /^(\d{4})-Q([1-4])$/.exec(key);
  if (match) return english ? `Q${match[2]} ${match[1]}` : `Triwulan ${ROMAN[Number(match[2]) - 1]} ${match[1]}`;
  return key;
}
