import { createElement, lazy, Suspense, type ComponentType, type ReactElement, type ReactNode } from 'react';

/**
 * A thenable that calls back at once. React's lazy() reads a thenable settled synchronously without
 * suspending, so a component whose code is already in is drawn in the same pass, with no fallback.
 */
function settled<T>(value: T): Promise<T> {
  return { then: (resolve: (settledValue: T) => void) => resolve(value) } as unknown as Promise<T>;
}

/**
 * A module fetched only when something asks for it — code most screens or forms never run.
 * `load()` once and every component made by `component()` draws without suspending.
 */
export class OnDemand<M> {
  private module: M | null = null;
  private pending: Promise<M> | null = null;
  private readonly made = new Set<unknown>();

  constructor(private readonly importer: () => Promise<M>) {}

  get ready(): boolean {
    return this.module !== null;
  }

  /** The module once it is in; null before. */
  get loaded(): M | null {
    return this.module;
  }

  load(): Promise<M> {
    this.pending ??= this.importer().then(
      (module) => (this.module = module),
      (error: unknown) => {
        // A failed fetch (a flaky connection) is tried again by the next caller.
        this.pending = null;
        throw error;
      },
    );
    return this.pending;
  }

  /** A component drawing `pick(module)`; until the module is in (not preloaded), it draws `fallback`. */
  component<P extends object>(name: string, pick: (module: M) => ComponentType<P>, fallback: ReactNode = null): ComponentType<P> {
    const Lazy = lazy(() =>
      this.module ? settled({ default: pick(this.module) }) : this.load().then((module) => ({ default: pick(module) })),
    );
    function Part(props: P): ReactElement {
      return <Suspense fallback={fallback}>{createElement(Lazy as ComponentType<P>, props)}</Suspense>;
    }
    Part.displayName = name;
    this.made.add(Part);
    return Part;
  }

  /** True for a component this module's `component()` made. */
  owns(component: unknown): boolean {
    return this.made.has(component);
  }
}
