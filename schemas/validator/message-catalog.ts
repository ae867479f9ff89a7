import type { MessageLanguage } from './field-error';

/**
 * The words of validation messages in one language, for the person filling the form: each message
 * names the field by its label and says what to do. `l` is that label.
 */
export interface MessageCatalog {
  /** What a problem of the whole form is said of. */
  form: string;
  /** One element of a list: "Anak ke-2". */
  item(list: string, number: number): string;
  number(value: number): string;
  or(labels: string[]): string;
  required(l: string): string;
  /** The value is not of the field's type (`integer`, `number`, `string`, `boolean`, `array`, `object`, `null`). */
  type(l: string, type: string): string;
  minimum(l: string, limit: string): string;
  exclusiveMinimum(l: string, limit: string): string;
  maximum(l: string, limit: string): string;
  exclusiveMaximum(l: string, limit: string): string;
  multipleOf(l: string, divisor: string): string;
  decimals(l: string, places: number): string;
  minLength(l: string, limit: number): string;
  maxLength(l: string, limit: number): string;
  /** A pattern that only allows digits, `min`–`max` of them (`max` undefined: any number). */
  digits(l: string, min: number, max: number | undefined): string;
  pattern(l: string): string;
  format(l: string, format: string): string;
  choose(l: string): string;
  constant(l: string, value: unknown): string;
  minItems(l: string, limit: number, choices: boolean): string;
  maxItems(l: string, limit: number, choices: boolean): string;
  uniqueItems(l: string, first: number, second: number): string;
  contains(l: string): string;
  minProperties(l: string, limit: number): string;
  maxProperties(l: string, limit: number): string;
  unknownField(l: string): string;
  propertyName(name: string): string;
  requiredWith(l: string, other: string): string;
  not(l: string): string;
  oneOfRequired(labels: string[]): string;
  noMatch(l: string): string;
  empty(l: string): string;
  invalid(l: string): string;
}

const catalogs: Partial<Record<MessageLanguage, MessageCatalog>> = {};

/**
 * Makes a language's words other than Bahasa Indonesia available: the server adds English at once
 * (compile-validator.ts), the browser when the person chooses the English interface (app/i18n.ts).
 */
export const addMessageCatalog = (lang: MessageLanguage, catalog: MessageCatalog): void => {
  catalogs[lang] = catalog;
};

/** The words of `lang` when they have been added. */
export const messageCatalog = (lang: MessageLanguage): MessageCatalog | undefined => catalogs[lang];

/**
 * A number as a person writes it: `10.000.000` / `10,000,000`, `0,5` / `0.5`. Four-digit numbers
 * stay ungrouped, so a year reads 1950. Written out here so the server and every browser agree.
 */
export const formatNumber = (value: number, thousands: string, decimal: string): string => {
  const text = String(Math.abs(value));
  if (!Number.isFinite(value) || /e/i.test(text)) return String(value);
  const [whole, fraction] = text.split('.');
  const grouped = whole.length > 4 ? whole.replace(/\B(?=(\d{3})+$)/g, thousands) : whole;
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? decimal + fraction : ''}`;
};
