import type { Calculation } from '../../../schemas/expressions/calculations';
import type { FieldMessages, ThemeTranslations } from '../../../schemas/validator/field-texts';
import type { Period } from '../lib/wib';

/** Shapes of the API's requests and answers, as the client reads them. */

export type Role = 'admin' | 'kader' | 'opd';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  /** The interface language stored on the user (absent from answers of older servers). */
  language?: 'id' | 'en';
}

export interface LoginAnswer {
  accessToken: string;
  user: User;
}

export type RegionLevel = 'provinsi' | 'kota' | 'kecamatan' | 'kelurahan' | 'rw' | 'rt' | 'dasawisma';

export const REGION_LEVELS: readonly RegionLevel[] = ['provinsi', 'kota', 'kecamatan', 'kelurahan', 'rw', 'rt', 'dasawisma'];
/** How deep a level lies: 0 for a provinsi, more for each level below. */
export const levelDepth = (level: RegionLevel): number => REGION_LEVELS.indexOf(level);

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface RegionWithPath extends Region {
  path?: Region[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ThemeUnit = 'report' | 'record';

export interface ThemeSummary {
  slug: string;
  title: string;
  unit: ThemeUnit;
  period: Period;
  regionLevel: RegionLevel;
  latestVersion: number;
  dueAfter?: string | null;
  description?: string | null;
  /** The title and description in English, when the theme has them. */
  translations?: { en?: { title?: string; description?: string } };
}

/** A JSON value as it travels in submissions and schemas. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One frozen, published version of a theme definition. */
export interface ThemeVersion {
  slug: string;
  title: string;
  description?: string | null;
  version: number;
  unit: ThemeUnit;
  regionLevel: RegionLevel;
  period: Period;
  dueAfter?: string | null;
  sensitivity?: 'public' | 'personal' | 'sensitive';
  schema: JsonObject;
  uiSchema?: JsonObject | null;
  /** The theme's own words for its fields' errors. */
  messages?: FieldMessages;
  /** The theme's texts in English; Indonesian is the definition itself. */
  translations?: ThemeTranslations;
  /** Fields computed from others (read-only in the form); the server stores its own result. */
  calculations?: Calculation[];
  /** The theme's measures (the designer and the dashboard read their keys and titles). */
  aggregations?: { key: string; title: string }[];
  publishedAt?: string;
}

export type SubmissionStatus = 'submitted' | 'approved' | 'rejected' | string;

export interface Submission {
  id: string;
  theme: string;
  version: number;
  regionCode: string;
  periodKey: string | null;
  status: SubmissionStatus;
  createdAt: string;
  updatedAt?: string;
  data?: JsonObject;
  /** False for a report revision that a newer one replaced. */
  current?: boolean;
  revision?: number;
  submittedBy?: string;
  reviewComment?: string | null;
  review?: { status?: string; comment?: string | null; reviewedAt?: string } | null;
  revisions?: SubmissionRevision[];
  /** The theme's title in the language asked for (lists across themes and the detail). */
  themeTitle?: string;
  /** The values that name this record ("Warung Bu Sri · Sri Wahyuni"); null when its fields are empty. */
  summary?: string | null;
  periodLabel?: string;
}

export interface SubmissionRevision {
  id: string;
  revision?: number;
  current?: boolean;
  createdAt?: string;
  status?: string;
}

export interface NewSubmission {
  id: string;
  regionCode: string;
  period?: string;
  version?: number;
  data: JsonObject;
  /** When it was filled on the device (ISO 8601). */
  filledAt?: string;
}

export interface StoredFile {
  id: string;
  contentType: string;
  size: number;
}

/** One field-level error of a problem answer; `path` is a JSON Pointer into the submitted data. */
export interface FieldProblem {
  path: string;
  keyword: string;
  message: string;
}

export interface ProblemBody {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldProblem[];
  retryAfter?: number;
  /** RFC 9457 extension members an endpoint adds (e.g. the XLSForm import's `problems`). */
  extensions?: Record<string, unknown>;
}

/** One of the caller's in-app notifications: a reminder about a theme and period, or a review result. */
export interface AppNotification {
  id: string;
  kind: 'reminder' | 'review' | string;
  /** The theme's slug, when it is about one. */
  theme: string | null;
  periodKey: string | null;
  title: string;
  message: string;
  details: {
    submissionId?: string;
    status?: string;
    comment?: string | null;
    summary?: string | null;
    themeTitle?: string;
    missing?: string[];
    missingCount?: number;
  };
  createdAt: string;
  readAt: string | null;
}
