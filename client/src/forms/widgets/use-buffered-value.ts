import { useCallback, useEffect, useRef } from 'react';

/** Typed text reaches the form state after this pause (and at once on blur, Enter or unmount). */
export const COMMIT_DELAY_MS = 250;

const toText = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

type TextControl = HTMLInputElement | HTMLTextAreaElement;

export interface BufferedValue {
  /** The text the control starts with (`defaultValue`): the control is uncontrolled. */
  initialText: string;
  /** Attach to the control, so a value set from outside can be written into it. */
  ref: (element: TextControl | null) => void;
  /** Call from the control's change event. */
  type: (text: string) => void;
  /** Hands what was typed to the form now. */
  commit: () => void;
}

/**
 * Keeps what is being typed in the control itself (uncontrolled) and hands it to the form after a
 * short pause, so a keystroke renders nothing at all — RJSF would re-render the form on each change,
 * and even a controlled input re-renders on each key. A value set from outside (a restored draft, a
 * "today" button, the form's own number clean-up) replaces the text unless typing is under way.
 */
export function useBufferedValue(value: unknown, onChange: (value: string | undefined) => void, emptyValue?: unknown): BufferedValue {
  const control = useRef<TextControl | null>(null);
  const initialText = useRef(toText(value)).current;
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const typed = useRef<string | null>(null);
  const lastKeyAt = useRef(0);
  const latestOnChange = useRef(onChange);
  latestOnChange.current = onChange;

  useEffect(() => {
    const element = control.current;
    const text = toText(value);
    if (typed.current === null && element && element.value !== text) element.value = text;
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

  // One timer per pause, not one per key: re-arming a timer on every keystroke showed in each key's
  // time on a slow phone. The timer re-checks when the last key came instead.
  const commitWhenPaused = useCallback(() => {
    const wait = lastKeyAt.current + COMMIT_DELAY_MS - Date.now();
    if (wait > 0) pending.current = setTimeout(commitWhenPaused, wait);
    else commit();
  }, [commit]);

  const type = useCallback(
    (next: string) => {
      typed.current = next;
      lastKeyAt.current = Date.now();
      if (!pending.current) pending.current = setTimeout(commitWhenPaused, COMMIT_DELAY_MS);
    },
    [commitWhenPaused],
  );

  const ref = useCallback((element: TextControl | null) => {
    control.current = element;
  }, []);

  return { initialText, ref, type, commit };
}
