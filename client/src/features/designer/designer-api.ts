import { fetchThemeVersion } from '../../api/endpoints';
import { apiRequest } from '../../api/http';
import type { Json, JsonObject, ThemeVersion } from '../../api/types';
import { newUuid } from '../../lib/uuid';

/**
 * A theme definition as the designer edits it (the server's meta-schema decides what is valid).
 * The settings editors receive and return the whole of it.
 */
export interface DraftDefinition {
  slug: string;
  title: string;
  schema: JsonObject;
  uiSchema?: JsonObject;
  aggregations: Json[];
  [keyword: string]: Json | undefined;
}

export interface EditableTheme {
  slug: string;
  title: string;
  latestVersion: number | null;
  draftUpdatedAt: string | null;
}

interface ThemeDetail {
  slug: string;
  title?: string;
  latestVersion: number | null;
  versions: { version: number; publishedAt: string }[];
  draft?: DraftDefinition | null;
  draftUpdatedAt?: string | null;
}

/** What the designer opens: the draft (or, without one, the latest version to start a draft from) and its tag. */
export interface DesignerTheme {
  slug: string;
  latestVersion: number | null;
  definition: DraftDefinition;
  /** Whether a draft exists on the server (false: `definition` is the published version). */
  hasDraft: boolean;
  draftUpdatedAt: string | null;
  etag: string | null;
}

export interface DraftDiff {
  added: { path: string; title?: string }[];
  removed: { path: string; title?: string }[];
  changed: { path: string; before: Json; after: Json }[];
  breaking: { code: string; path: string; message: string }[];
}

/** Query keys of the designer's reads. */
export const designerThemesKey = ['designer', 'themes'];
export const designerThemeKey = (slug: string): string[] => ['designer', 'theme', slug];

const themePath = (slug: string): string => `/api/themes/${encodeURIComponent(slug)}`;

/** Every theme this admin may edit, published or only drafted. */
export async function fetchEditableThemes(): Promise<EditableTheme[]> {
  return (await apiRequest<{ items: EditableTheme[] }>('/api/themes?drafts=true')).items;
}

/** A published version as a definition to start a draft from. */
function asDraft(version: ThemeVersion): DraftDefinition {
  const { version: _version, publishedAt: _publishedAt, ...definition } = version as unknown as DraftDefinition & { version: number; publishedAt?: string };
  return definition;
}

export async function fetchDesignerTheme(slug: string): Promise<DesignerTheme> {
  let etag: string | null = null;
  const detail = await apiRequest<ThemeDetail>(themePath(slug), { onHeaders: (headers) => (etag = headers.get('etag')) });
  let definition = detail.draft ?? null;
  if (!definition && detail.latestVersion !== null) {
    definition = asDraft(await fetchThemeVersion(slug, detail.latestVersion));
  }
  if (!definition) throw new Error(`theme ${slug} has neither a draft nor a version`);
  return { slug, latestVersion: detail.latestVersion, definition, hasDraft: Boolean(detail.draft), draftUpdatedAt: detail.draftUpdatedAt ?? null, etag };
}

export async function createTheme(definition: DraftDefinition): Promise<void> {
  await apiRequest<ThemeDetail>('/api/themes', { method: 'POST', body: definition });
}

/** Saves the draft; refused with 412 DRAFT_CHANGED when `etag` is no longer the server's. Resolves to the new tag. */
export async function saveDraft(slug: string, definition: DraftDefinition, etag: string | null): Promise<{ etag: string | null; draftUpdatedAt: string | null }> {
  let next: string | null = null;
  const detail = await apiRequest<ThemeDetail>(`${themePath(slug)}/draft`, {
    method: 'PUT',
    body: definition,
    headers: etag ? { 'If-Match': etag } : {},
    onHeaders: (headers) => (next = headers.get('etag')),
  });
  return { etag: next, draftUpdatedAt: detail.draftUpdatedAt ?? null };
}

export const fetchDraftDiff = (slug: string): Promise<DraftDiff> => apiRequest<DraftDiff>(`${themePath(slug)}/draft/diff`);

export const publishDraft = (slug: string): Promise<{ version: number }> => apiRequest<{ version: number }>(`${themePath(slug)}/publish`, { method: 'POST' });

/** A test fill of the draft: checked like a real submission, stored apart from them. */
export const createTestSubmission = (slug: string, data: JsonObject): Promise<{ id: string }> =>
  apiRequest<{ id: string }>(`${themePath(slug)}/draft/test-submissions`, { method: 'POST', body: { id: newUuid(), data } });

/** One thing of an XLSForm the server could not translate (or, in a refusal, what is wrong), and where. */
export interface XlsformNote {
  sheet: string;
  row: number | null;
  column: string | null;
  message: string;
}

export interface XlsformImport {
  slug: string;
  draft: DraftDefinition;
  report: XlsformNote[];
}

/** Uploads an XLSForm; the server makes a draft of it (never published) and says what it left out. */
export async function importXlsform(file: File): Promise<XlsformImport> {
  const form = new FormData();
  form.append('file', file);
  return apiRequest<XlsformImport>('/api/themes/import/xlsform', { method: 'POST', form });
}

/** The problems of a refused XLSForm (422), each with its place in the spreadsheet. */
export function xlsformProblems(extensions: Record<string, unknown>): XlsformNote[] {
  const problems = extensions.problems;
  return Array.isArray(problems) ? (problems as XlsformNote[]).filter((problem) => typeof problem?.message === 'string') : [];
}
