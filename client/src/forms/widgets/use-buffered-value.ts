import { useCallback, useEffect, useRef, useState } from 'react';

/** Typed text reaches the form state after this pause (and at once on blur, Enter or unmount). */
export const COMMIT_DELAY_MS = 250;

const toText = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

export interface BufferedValue {
  text: string;
  /** Call from the input's change event. */
  type: (text: string) => void;
  /** Hands what was typed to the form now. */
  commit: () => void;
}

/**
 * Keeps what is being typed in the widget's own state and hands it to the form after a short pause,
 * so a keystroke re-renders one input instead of the whole form (RJSF re-renders every field on a
 * change). A value set from outside (a restored draft, a "today" button) replaces the text unless
 * typing is under way.
 */
export function useBufferedValue(value: unknown, onChange: (value: string | undefined) => void, emptyValue?: unknown): BufferedValue {
  const [text, setText] = useState(() => toText(value));
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const typed = useRef<string | null>(null);
  const latestOnChange = useRef(onChange);
  latestOnChange.current = onChange;

  useEffect(() => {
    if (typed.current === null) setText(toText(value));
  }, [value]);

  const commit = useCallback(() => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = null;
    if (typed.current === null) return;
    const next = typed.current;
    typed.current = null;
    latestOnChange.current(next === '' ? (emptyValue as string | undefined) : next);
  }, [emptyValue]);

  // A section closed mid-typing still keeps what was typed.
  useEffect(() => () => commit(), [commit]);

  const type = useCallback(
    (next: string) => {
      typed.current = next;
      setText(next);
      if (pending.current) clearTimeout(pending.current);
      pending.current = setTimeout(commit, COMMIT_DELAY_MS);
    },
    [commit],
  );

  return { text, type, commit };
}
