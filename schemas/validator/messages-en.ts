import { formatNumber, type MessageCatalog } from './message-catalog';

const FORMATS: Readonly<Record<string, string>> = {
  date: 'a valid date',
  'date-time': 'a valid date and time',
  time: 'a valid time',
  email: 'a valid email address',
  uri: 'a valid web address',
  url: 'a valid web address',
  iri: 'a valid web address',
};

const TYPES: Readonly<Record<string, (l: string) => string>> = {
  integer: (l) => `${l} must be a whole number`,
  number: (l) => `${l} must be a number`,
  string: (l) => `${l} must be text`,
  boolean: (l) => `Choose Yes or No for ${l}`,
  array: (l) => `${l} must be a list`,
  object: (l) => `${l} must be a group of fields`,
  null: (l) => `${l} must be left empty`,
};

const number = (value: number): string => formatNumber(value, ',', '.');
const entries = (limit: number): string => `${limit} ${limit === 1 ? 'entry' : 'entries'}`;

/** English. */
export const ENGLISH: MessageCatalog = {
  form: 'The form',
  item: (list, n) => `${list} no. ${n}`,
  number,
  or: (labels) => (labels.length < 2 ? labels.join('') : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`),
  required: (l) => `Fill in ${l}`,
  type: (l, type) => (TYPES[type] ?? ENGLISH.invalid)(l),
  minimum: (l, limit) => `${l} must be at least ${limit}`,
  exclusiveMinimum: (l, limit) => `${l} must be more than ${limit}`,
  maximum: (l, limit) => `${l} must be at most ${limit}`,
  exclusiveMaximum: (l, limit) => `${l} must be less than ${limit}`,
  multipleOf: (l, divisor) => `${l} must be a multiple of ${divisor}`,
  decimals: (l, places) => `${l} can have at most ${places} decimal ${places === 1 ? 'place' : 'places'}`,
  minLength: (l, limit) => `${l} needs at least ${limit} characters`,
  maxLength: (l, limit) => `${l} can have at most ${limit} characters`,
  digits: (l, min, max) =>
    max === undefined
      ? min <= 1 ? `${l} may contain digits only` : `${l} needs at least ${min} digits`
      : min === max ? `${l} must be ${min} digits` : `${l} must be ${min} to ${max} digits`,
  pattern: (l) => `Check ${l}: it is not in the expected form`,
  format: (l, format) => (format === 'file-id' ? `Upload ${l} again` : FORMATS[format] ? `${l} must be ${FORMATS[format]}` : ENGLISH.pattern(l)),
  choose: (l) => `Choose one of the options for ${l}`,
  constant: (l, value) =>
    value === true ? `Choose Yes for ${l}`
    : value === false ? `Choose No for ${l}`
    : typeof value === 'number' ? `${l} must be ${number(value)}`
    : typeof value === 'string' ? `${l} must be "${value}"`
    : ENGLISH.invalid(l),
  minItems: (l, limit, choices) => (choices ? `Choose at least ${limit} for ${l}` : `${l} needs at least ${entries(limit)}`),
  maxItems: (l, limit, choices) => (choices ? `Choose at most ${limit} for ${l}` : `${l} can have at most ${entries(limit)}`),
  uniqueItems: (l, first, second) => `${l}: entries ${first} and ${second} are the same; remove one`,
  contains: (l) => `Check the entries of ${l}`,
  minProperties: (l, limit) => `${l} needs at least ${entries(limit)}`,
  maxProperties: (l, limit) => `${l} can have at most ${entries(limit)}`,
  unknownField: (l) => `${l} is not part of this form; remove it`,
  propertyName: (name) => `The name "${name}" is not allowed`,
  requiredWith: (l, other) => `Fill in ${l} when ${other} is filled in`,
  not: (l) => `${l} cannot have this value`,
  oneOfRequired: (labels) => `Fill in one of: ${ENGLISH.or(labels)}`,
  noMatch: (l) => `Check ${l}: it does not meet any of the allowed options`,
  empty: (l) => `${l} must be left empty`,
  invalid: (l) => `Check ${l}`,
};
