import { useCallback, useEffect, useRef, useState } from 'react';
import type { JsonObject } from '../../api/types';
import type { Draft } from '../offline/database';
import { deleteDraft, draftKey, forgetPreloadedDrafts, loadDraft, preloadedDraft, saveDraft, type DraftTarget } from './drafts';

const AUTOSAVE_MS = 800;

/** When the draft was last saved: a store of its own, so an autosave redraws one line, not the form. */
export interface SavedAtStore {
  get: () => string | null;
  set: (value: string | null) => void;
  subscribe: (listener: () => void) => () => void;
}

function createSavedAtStore(): SavedAtStore {
  let value: string | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set: (next) => {
      value = next;
      listeners.forEach((listener) => listener());
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The draft's place (its key) and what is stored beside the answers. */
export interface DraftOptions extends DraftTarget {
  version: number;
  /** Editing a queued item that the server refused. */
  outboxId: string | undefined;
  revises: string | undefined;
}

export interface FormDraft {
  /** False until the device has said whether there is a draft: the form is drawn from it. */
  loaded: boolean;
  /** The draft the form starts from, if there is one. */
  restored: Draft | undefined;
  /** Changes when the draft is discarded, so the form starts over. */
  formKey: number;
  savedAt: SavedAtStore;
  /** The form's onChange: keeps the answers and saves them after a pause. Stable. */
  onChange: (data: JsonObject) => void;
  /** Saves what was typed at once; null when nothing has been typed. Stable. */
  saveNow: () => Promise<void> | null;
  discard: () => Promise<void>;
  /** What is submitted is no longer a draft: nothing may save it again on the way out. Stable. */
  stopSaving: () => void;
  /** Deletes the stored draft, once its answers are safe elsewhere. */
  remove: () => Promise<void>;
}

/** The form's draft on the device: restored when the form opens, saved while the cadre types. */
export function useDraft(options: DraftOptions): FormDraft {
  const key = draftKey(options);
  const [draft, setDraft] = useState<{ loaded: boolean; value?: Draft }>(() => {
    const readAhead = preloadedDraft(key);
    return readAhead ? { loaded: true, value: readAhead.value } : { loaded: false };
  });
  const [formKey, setFormKey] = useState(0);
  const [savedAt] = useState(createSavedAtStore);
  const latest = useRef<JsonObject | null>(null);
  const autosave = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const readAhead = preloadedDraft(key);
    forgetPreloadedDrafts();
    if (readAhead) {
      setDraft((current) => (current.loaded && current.value === readAhead.value ? current : { loaded: true, value: readAhead.value }));
      return undefined;
    }
    let cancelled = false;
    void loadDraft(key).then((value) => {
      if (!cancelled) setDraft({ loaded: true, value });
    });
    return () => {
      cancelled = true;
    };
  }, [key]);

  const store = async (data: JsonObject): Promise<void> => {
    const stamp = new Date().toISOString();
    await saveDraft({
      key,
      userId: options.userId,
      theme: options.theme,
      version: options.version,
      regionCode: options.regionCode,
      period: options.period,
      data,
      savedAt: stamp,
      outboxId: options.outboxId,
      revises: options.revises,
    });
    savedAt.set(stamp);
  };

  // Leaving the page, switching to another app (the phone may then close the browser) or closing the
  // tab saves what was typed at once instead of after the autosave pause.
  const storeRef = useRef(store);
  storeRef.current = store;
  useEffect(() => {
    const flush = (): void => {
      if (!autosave.current) return;
      clearTimeout(autosave.current);
      autosave.current = null;
      if (latest.current) void storeRef.current(latest.current).catch(() => undefined);
    };
    const onHide = (): void => {
      if (document.visibilityState === 'hidden') flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);

  // Stable, like every prop ThemeForm gets: RJSF recomputes its whole state when a prop changes.
  const onChange = useCallback((data: JsonObject): void => {
    latest.current = data;
    if (autosave.current) clearTimeout(autosave.current);
    autosave.current = setTimeout(() => {
      autosave.current = null;
      void storeRef.current(data).catch(() => undefined);
    }, AUTOSAVE_MS);
  }, []);

  const saveNow = useCallback((): Promise<void> | null => (latest.current ? storeRef.current(latest.current) : null), []);

  const stopSaving = useCallback((): void => {
    if (autosave.current) clearTimeout(autosave.current);
    autosave.current = null;
    latest.current = null;
  }, []);

  const discard = async (): Promise<void> => {
    await deleteDraft(key);
    latest.current = null;
    savedAt.set(null);
    setDraft({ loaded: true });
    setFormKey((value) => value + 1);
  };

  return { loaded: draft.loaded, restored: draft.value, formKey, savedAt, onChange, saveNow, discard, stopSaving, remove: () => deleteDraft(key) };
}
