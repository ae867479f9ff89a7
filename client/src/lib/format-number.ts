// Building an Intl.NumberFormat is a visible pause on a cheap phone: one per language, kept.
const formatters = new Map<string, Intl.NumberFormat>();

/** A number for people: grouped digits in the reader's language, at most two decimals. */
export function formatNumber(value: number, language: string): string {
  const locale = language.startsWith('en') ? 'en-GB' : 'id-ID';
  let format = formatters.get(locale);
  if (!format) formatters.set(locale, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })));
  return format.format(value);
}
