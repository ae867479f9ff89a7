import type { ReactElement, ReactNode } from 'react';

/**
 * Stands in for `markdown-to-jsx/react` (client/module-swaps.ts): @rjsf/core renders some texts
 * through it, and in Wakuncar everything an admin writes is shown as plain text. This also keeps
 * 80 KB of markdown parser out of the cadre's download.
 */
export function Markdown({ children }: { children?: ReactNode; options?: unknown }): ReactElement {
  return <>{children}</>;
}
