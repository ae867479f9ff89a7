import { fileURLToPath } from 'node:url';
import type { Plugin, Rollup } from 'vite';
import { WARM_UP_PAGE } from '../../../app/warm-up';

// Build-time half of opening a form by link (client/vite.config.ts uses these): what index.html
// must carry so the fill route's code and first reads start before the app's own code has run.

/** The bundle's chunks, and how to find them: by the source file they are built from, and what they import. */
function chunksOf(bundle: Rollup.OutputBundle) {
  const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  return {
    chunks,
    byName,
    builtFrom: (ending: string) => chunks.find((chunk) => chunk.facadeModuleId?.replace(/\\/g, '/').endsWith(ending)),
    entry: () => chunks.find((chunk) => chunk.isEntry && chunk.facadeModuleId?.endsWith('index.html')),
    /** The files, with every file they import statically, at any depth. */
    withImports: (start: string[]): Set<string> => {
      const found = new Set<string>();
      const visit = (file: string): void => {
        if (found.has(file)) return;
        found.add(file);
        byName.get(file)?.imports.forEach(visit);
      };
      start.forEach(visit);
      return found;
    },
  };
}

const FILL_PAGE = '/src/features/fill/FillPage.tsx';

/**
 * `<link rel="modulepreload">` in index.html for the fill form's code (FillPage, RJSF) and everything
 * it imports in turn (Chromium fetches only the file a modulepreload names, not its imports): the
 * cadre's usual screen, otherwise asked for only once the app's own code has run. The browser fetches
 * and compiles it beside the app's start-up; the service worker caches every chunk anyway.
 */
export function preloadFillRoute(): Plugin {
  return {
    name: 'wakuncar:preload-fill-route',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        if (!context.bundle) return [];
        const { builtFrom, entry: findEntry, withImports } = chunksOf(context.bundle);
        const fill = builtFrom(FILL_PAGE);
        const entry = findEntry();
        if (!fill || !entry) return [];
        const loadedByEntry = withImports([entry.fileName]);
        const files = [...withImports([fill.fileName])].filter((file) => !loadedByEntry.has(file));
        return files.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

/**
 * early-reads.ts as a module of its own, the first script of index.html: module scripts run in
 * document order once the page is parsed, so it runs before the app's code has even been evaluated
 * (an `async` one was run after it), and a form opened by link starts its reads sooner than the app
 * itself could.
 */
export function earlyReads(): Plugin {
  const source = fileURLToPath(new URL('./early-reads.ts', import.meta.url));
  return {
    name: 'wakuncar:early-reads',
    apply: 'build',
    buildStart() {
      this.emitFile({ type: 'chunk', id: source, name: 'early-reads' });
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const chunk = Object.values(context.bundle ?? {}).find((output) => output.type === 'chunk' && output.facadeModuleId === source);
        if (!chunk) return [];
        return [{ tag: 'script', attrs: { type: 'module', crossorigin: true, src: `/${chunk.fileName}` }, injectTo: 'head-prepend' as const }];
      },
    },
  };
}

/**
 * warm-up.html: a page that draws nothing and runs the app's start-up, the fill form's code and the
 * cadre's other screens as module scripts. Chromium writes the compiled code of a
 * script the service worker serves only after the script has run once from the worker's cache; the
 * app loads this page hidden once per version the worker serves (app/service-worker.ts), so the cadre's
 * next opening reads compiled code instead of compiling the form engine and writing its cache then.
 */
export function warmUpPage(skip: readonly string[]): Plugin {
  return {
    name: 'wakuncar:warm-up-page',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const { byName, builtFrom, entry: findEntry, withImports } = chunksOf(bundle);
        const fill = builtFrom(FILL_PAGE);
        const entry = findEntry();
        const early = builtFrom('/open-by-link/early-reads.ts');
        if (!fill || !entry || !early) return;
        // The fill form's static imports run with FillPage; what it and the app's start-up import on
        // demand (the cadre's other screens, the form's parts) is listed too, but for the chunks in `skip`.
        const reached = withImports([fill.fileName]);
        const onDemand = [...reached].flatMap((file) => byName.get(file)?.dynamicImports ?? []).filter((file) => !reached.has(file));
        const parts = onDemand.filter((file) => !skip.includes(byName.get(file)?.name ?? ''));
        const scripts = [early.fileName, entry.fileName, fill.fileName, ...new Set(parts)]
          .map((file) => `<script type="module" crossorigin src="/${file}"></script>`)
          .join('\n');
        this.emitFile({
          type: 'asset',
          fileName: WARM_UP_PAGE.slice(1),
          source: `<!doctype html>\n<html lang="id">\n<head>\n<meta charset="UTF-8" />\n<title>Wakuncar</title>\n${scripts}\n</head>\n<body></body>\n</html>\n`,
        });
      },
    },
  };
}
