/**
 * Runs `run` in an idle moment of the page (at the latest after `timeout` ms), so drawing and typing
 * come first on a slow phone; where the browser has no idle callbacks, in the next task. Returns a
 * cancel function.
 */
export function whenIdle(run: () => void, timeout: number): () => void {
  if (typeof window !== 'undefined' && 'requestIdleCallback' in window) {
    const handle = window.requestIdleCallback(run, { timeout });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = setTimeout(run, 0);
  return () => clearTimeout(handle);
}
