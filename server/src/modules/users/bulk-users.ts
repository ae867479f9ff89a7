import { randomInt } from 'node:crypto';
import type { MessageLanguage } from '../../../../schemas/validator';
import { isWithinRegion } from '../regions/region-scope';
import { ROLES, type Role } from './user.entity';

/** One row of a bulk upload, as the spreadsheet gave it (cells may be anything). */
export type BulkUserInput = Record<string, unknown>;

export interface BulkUserRow {
  displayName: string;
  username: string;
  role: Role;
  regionCode: string;
}

/** A problem with one cell: `row` counts the uploaded rows from 1, `field` names the column. */
export interface BulkRowError {
  row: number;
  field: keyof BulkUserRow;
  message: string;
}

export const BULK_USERS_MAX = 1000;
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,49}$/;

/** What the rows are checked against: known by the service, read in one query each. */
export interface BulkContext {
  scope: string;
  /** Regions that exist (the rows' codes looked up). */
  regions: ReadonlySet<string>;
  takenUsernames: ReadonlySet<string>;
  language: MessageLanguage;
}

const MESSAGES = {
  id: {
    displayNameMissing: 'Nama wajib diisi (paling banyak 120 huruf)',
    usernameInvalid: 'Nama pengguna harus 3–50 huruf kecil, angka, titik, garis bawah atau strip',
    usernameRepeated: (first: number) => `Nama pengguna ini sudah dipakai di baris ${first}`,
    usernameTaken: 'Nama pengguna ini sudah dipakai',
    roleInvalid: 'Peran harus admin, kader atau opd',
    regionUnknown: (code: string) => `Wilayah ${code || '(kosong)'} tidak ditemukan di wilayah Anda`,
  },
  en: {
    displayNameMissing: 'Name is required (at most 120 characters)',
    usernameInvalid: 'Username must be 3–50 lowercase letters, digits, dots, underscores or dashes',
    usernameRepeated: (first: number) => `This username is already used in row ${first}`,
    usernameTaken: 'This username is already taken',
    roleInvalid: 'Role must be admin, kader or opd',
    regionUnknown: (code: string) => `Region ${code || '(empty)'} was not found in your region`,
  },
} as const;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** The row as typed values: trimmed, the username and role in lower case as logins compare them. */
export function normalizeRow(input: BulkUserInput): BulkUserRow {
  return {
    displayName: text(input.displayName),
    username: text(input.username).toLowerCase(),
    role: text(input.role).toLowerCase() as Role,
    regionCode: text(input.regionCode),
  };
}

/** Every problem of every row, in row order; empty when all rows may be created. */
export function checkRows(rows: BulkUserRow[], context: BulkContext): BulkRowError[] {
  const words = MESSAGES[context.language];
  const errors: BulkRowError[] = [];
  const firstRowOf = new Map<string, number>();
  rows.forEach((row, index) => {
    const number = index + 1;
    const fail = (field: keyof BulkUserRow, message: string) => errors.push({ row: number, field, message });
    if (!row.displayName || row.displayName.length > 120) fail('displayName', words.displayNameMissing);
    if (!USERNAME_PATTERN.test(row.username)) fail('username', words.usernameInvalid);
    else if (firstRowOf.has(row.username)) fail('username', words.usernameRepeated(firstRowOf.get(row.username)!));
    else if (context.takenUsernames.has(row.username)) fail('username', words.usernameTaken);
    if (USERNAME_PATTERN.test(row.username) && !firstRowOf.has(row.username)) firstRowOf.set(row.username, number);
    if (!(ROLES as readonly string[]).includes(row.role)) fail('role', words.roleInvalid);
    // Unknown and outside the admin's subtree read the same, as everywhere else.
    if (!isWithinRegion(row.regionCode, context.scope) || !context.regions.has(row.regionCode)) fail('regionCode', words.regionUnknown(row.regionCode));
  });
  return errors;
}

/** Letters and digits a person copies from paper without confusing them (no 0/O, 1/l/I). */
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A first password, e.g. `k7mq-x3vd-9tpa`: 60 bits, easy to read aloud and type on a phone. */
export function firstPassword(): string {
  const groups = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(''));
  return groups.join('-');
}
