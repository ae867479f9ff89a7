import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError, isNetworkError } from '../../api/http';
import type { FieldProblem } from '../../api/types';
import { type DesignerTheme, type DraftDefinition, saveDraft } from './designer-api';

/** Quiet time after the last edit before the draft goes to the server. */
const AUTOSAVE_DELAY_MS = 1200;
/** Wait before trying again when the server could not be reached. */
const RETRY_DELAY_MS = 5000;

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'refused' | 'offline' | 'conflict';

export interface SaveState {
  status: SaveStatus;
  savedAt: string | null;
  /** The server's 422 errors for the draft as last sent; paths point into the definition. */
  errors: FieldProblem[];
}

interface Unsaved {
  definition: DraftDefinition;
  /** The tag of the server's draft these edits were made on. */
  etag: string | null;
}

// Edits the server has not taken (refused, offline, or waiting for the next save) are kept on the
// device, so a reload or a closed tab loses nothing; they are dropped once the server has them.
const unsavedKey = (slug: string): string => `wakuncar.designer.unsaved.${slug}`;

function readUnsaved(slug: string): Unsaved | null {
  try {
    const text = localStorage.getItem(unsavedKey(slug));
    return text ? (JSON.parse(text) as Unsaved) : null;
  } catch {
    return null;
  }
}

function writeUnsaved(slug: string, unsaved: Unsaved | null): void {
  try {
    if (unsaved) localStorage.setItem(unsavedKey(slug), JSON.stringify(unsaved));
    else localStorage.removeItem(unsavedKey(slug));
  } catch {
    // A full or forbidden storage only loses the safety copy; the server save goes on.
  }
}

export interface DraftAutosave {
  definition: DraftDefinition;
  state: SaveState;
  /** Earlier unsaved edits were restored from this device. */
  restored: boolean;
  /** The server holds a draft (there is something to publish). */
  stored: boolean;
  change: (next: DraftDefinition) => void;
  /** Saves now (before a test fill or a publish); resolves true once the server has this draft. */
  flush: () => Promise<boolean>;
  discardRestored: () => void;
}

/**
 * The draft being edited, saved to the server a moment after each change with `If-Match`, so
 * another admin's save in between is never overwritten (412: `conflict`, the page offers to load
 * theirs). A refused draft (422) keeps the server's errors for the fields they name.
 */
export function useDraftAutosave(theme: DesignerTheme): DraftAutosave {
  const [initial] = useState(() => {
    const unsaved = readUnsaved(theme.slug);
    const differs = unsaved && JSON.stringify(unsaved.definition) !== JSON.stringify(theme.definition);
    return differs ? { ...unsaved, restored: true } : { definition: theme.definition, etag: theme.etag, restored: false };
  });
  const [definition, setDefinition] = useState<DraftDefinition>(initial.definition);
  const [restored, setRestored] = useState(initial.restored);
  const [stored, setStored] = useState(theme.hasDraft);
  const [state, setState] = useState<SaveState>({ status: initial.restored ? 'pending' : 'saved', savedAt: theme.draftUpdatedAt, errors: [] });
  const latest = useRef(initial.definition);
  const etag = useRef(initial.etag);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const running = useRef<Promise<boolean> | null>(null);
  const conflicted = useRef(false);
  const saved = useRef<DraftDefinition | null>(initial.restored ? null : initial.definition);

  const save = useCallback(async (): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (conflicted.current) return false;
    if (running.current) await running.current;
    const sent = latest.current;
    if (saved.current === sent) return true;
    const attempt = (async (): Promise<boolean> => {
      setState((current) => ({ ...current, status: 'saving' }));
      try {
        const answer = await saveDraft(theme.slug, sent, etag.current);
        etag.current = answer.etag;
        saved.current = sent;
        setStored(true);
        if (latest.current === sent) writeUnsaved(theme.slug, null);
        else writeUnsaved(theme.slug, { definition: latest.current, etag: etag.current });
        setState({ status: latest.current === sent ? 'saved' : 'pending', savedAt: answer.draftUpdatedAt, errors: [] });
        return true;
      } catch (error) {
        if (isApiError(error) && error.code === 'DRAFT_CHANGED') {
          conflicted.current = true;
          setState((current) => ({ ...current, status: 'conflict', errors: [] }));
        } else if (isApiError(error) && error.status === 422) {
          setState((current) => ({ ...current, status: 'refused', errors: error.errors.length ? error.errors : [{ path: '', keyword: '', message: error.detail }] }));
        } else if (isNetworkError(error)) {
          setState((current) => ({ ...current, status: 'offline' }));
          timer.current = setTimeout(() => void save(), RETRY_DELAY_MS);
        } else {
          setState((current) => ({ ...current, status: 'refused', errors: [{ path: '', keyword: '', message: isApiError(error) ? error.detail : String(error) }] }));
        }
        return false;
      }
    })();
    running.current = attempt;
    try {
      return await attempt;
    } finally {
      running.current = null;
    }
  }, [theme.slug]);

  const change = useCallback(
    (next: DraftDefinition) => {
      latest.current = next;
      setDefinition(next);
      writeUnsaved(theme.slug, { definition: next, etag: etag.current });
      if (conflicted.current) return;
      setState((current) => ({ ...current, status: current.status === 'refused' ? 'refused' : 'pending' }));
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    },
    [save, theme.slug],
  );

  // Restored edits go to the server as soon as the editor opens (a stale base answers 412).
  useEffect(() => {
    if (initial.restored) void save();
  }, [initial.restored, save]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const discardRestored = useCallback(() => {
    writeUnsaved(theme.slug, null);
    conflicted.current = false;
    latest.current = theme.definition;
    saved.current = theme.definition;
    etag.current = theme.etag;
    setDefinition(theme.definition);
    setRestored(false);
    setState({ status: 'saved', savedAt: theme.draftUpdatedAt, errors: [] });
  }, [theme]);

  return { definition, state, restored, stored, change, flush: save, discardRestored };
}

/** Forgets this device's unsaved copy (the admin chose the other admin's version). */
export function forgetUnsaved(slug: string): void {
  writeUnsaved(slug, null);
}
