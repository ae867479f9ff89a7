import { useEffect, useState } from 'react';

/**
 * False while `pending` has not settled; true once it has (resolved or rejected) or when there is
 * nothing to wait for (null). A new promise starts the wait again.
 */
export function useSettled(pending: Promise<unknown> | null): boolean {
  const [settled, setSettled] = useState<Promise<unknown> | null>(null);
  useEffect(() => {
    if (!pending) return undefined;
    let active = true;
    const done = (): void => {
      if (active) setSettled(pending);
    };
    pending.then(done, done);
    return () => {
      active = false;
    };
  }, [pending]);
  return pending === null || settled === pending;
}
