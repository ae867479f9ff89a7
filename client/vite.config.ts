import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { moduleSwaps } from './module-swaps-plugin';
import { MODULE_SWAPS } from './module-swaps';
import { earlyReads, preloadFillRoute, warmUpPage } from './src/features/fill/open-by-link/vite-plugins';

const clientRoot = fileURLToPath(new URL('.', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
/** Where `vite` (dev) and `vite preview` send /api; the API's own default port unless told otherwise. */
const apiTarget = process.env.WAKUNCAR_API_URL ?? 'http://127.0.0.1:3000';

/**
 * V8's explicit compile hint (Chrome 136+, ignored elsewhere): a file whose first line is this
 * comment is compiled whole on a background thread while it downloads, instead of function by
 * function on the main thread as each is first called. The chunks are split by screen, so most of a
 * chunk runs once it is loaded (bench/render: a cold form drawn sooner, its first submit faster).
 * Written last, after minification (which strips comments) and Vite's own preamble.
 */
function compileHints(): Plugin {
  const HINT = '//# allFunctionsCalledOnLoad\n';
  return {
    name: 'wakuncar:compile-hints',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const output of Object.values(bundle)) {
          if (output.type !== 'chunk' || output.code.startsWith(HINT)) continue;
          output.code = HINT + output.code;
          // One more line at the top: every mapping moves down one line.
          const map = bundle[`${output.fileName}.map`];
          if (map?.type === 'asset' && typeof map.source === 'string') {
            const parsed = JSON.parse(map.source) as { mappings: string };
            map.source = JSON.stringify({ ...parsed, mappings: `;${parsed.mappings}` });
          }
        }
      },
    },
  };
}

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text file of the build, which the
 * server sends to browsers that accept them (@fastify/static `preCompressed`): on a 400 kbps link
 * the first visit of a new phone downloads a third of the bytes. Compressed once here, at the
 * highest levels, instead of on every request.
 */
function precompress(): Plugin {
  const TEXT = /\.(js|css|html|svg|webmanifest|json)$/;
  let outDir = '';
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  return {
    name: 'wakuncar:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After the service worker is written (vite-plugin-pwa writes it when the bundle is closed).
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        for (const file of walk(outDir).filter((name) => TEXT.test(name))) {
          const bytes = readFileSync(file);
          if (bytes.length < 1024) continue;
          writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
          writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }));
        }
      },
    },
  };
}

/** Chunks only an admin's or an OPD's screens load (by their names before the hash); see globIgnores. */
const ADMIN_ONLY_CHUNKS = ['exceljs.min', 'AdminRoutes', 'DesignerRoutes', 'DashboardRoutes', 'batas-kota-metro', 'TokensPage', 'SecretOnce'];

const FRAMEWORK = /node_modules[\\/](react|react-dom|scheduler|react-i18next|use-sync-external-store|@tanstack|react-router|react-router-dom|i18next)[\\/]/;
// Query hooks only the admin's and the OPD's screens use (lists with "load more", forms that
// write): left out of the framework, they travel with those screens instead of every cadre's start.
const SCREEN_ONLY_QUERY_HOOKS = /@tanstack[\\/](react-query|query-core)[\\/].*[\\/](useInfiniteQuery|infiniteQueryObserver|useMutation|mutationObserver)\.js$/;

// What early-reads.ts runs on (the API client, the session, the device's database and copies): none of
// it imports React or another library, and in a chunk of its own, so index.html's first script starts
// the form's reads without waiting for the framework to be fetched and evaluated.
const BOOT = /client[\\/]src[\\/](api[\\/](http|endpoints|offline-cache)|features[\\/](auth[\\/]session|offline[\\/]database|fill[\\/]open-by-link[\\/]fill-path))\.ts$|node_modules[\\/]idb[\\/]/;

// Start-up modules the lazy screens import too (the bundler would cut each into a small common chunk).
const APP_SHELL =
  /client[\\/]src[\\/](app[\\/]i18n|features[\\/]auth[\\/]AuthProvider|api[\\/](queries|types)|features[\\/]tasks[\\/]task-status|lib[\\/](uuid|idle))\.tsx?$|schemas[\\/]validator[\\/]message-catalog|preload-helper/;
// The form engine's helpers the form and its parts share (the bundler cut them into four small chunks).
const FORM_HELPERS = /node_modules[\\/]@rjsf[\\/]utils[\\/]/;

export default defineConfig({
  root: clientRoot,
  publicDir: 'public',
  plugins: [
    moduleSwaps(MODULE_SWAPS, repositoryRoot),
    preloadFillRoute(),
    earlyReads(),
    // Not run ahead: what a cadre never opens, and Ajv, compiled only for the rare form drawn without a precompiled validator.
    warmUpPage([...ADMIN_ONLY_CHUNKS, 'ajv-validator']),
    compileHints(),
    precompress(),
    react(),
    VitePWA({
      // A cadre may be halfway through a form when a new version lands: ask, never reload by surprise.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        id: '/',
        name: 'Wakuncar — TP-PKK Kota Metro',
        short_name: 'Wakuncar',
        description: 'Pendataan tematik kader PKK Kota Metro: isi formulir, simpan saat tanpa sinyal, kirim saat online.',
        lang: 'id',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#f4f6f8',
        theme_color: '#1d4f7a',
        categories: ['government', 'productivity'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // What only admins and OPDs open (the spreadsheet reader of bulk uploads, the designer, the admin
        // area, the dashboard and its map, API tokens) is not in every phone's offline copy: a cadre on a
        // prepaid plan would download it for nothing. Fetched when opened, then kept (runtime cache below).
        globIgnores: ADMIN_ONLY_CHUNKS.map((name) => `**/${name}-*`),
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            // Built files are named by their content: one fetched never changes.
            urlPattern: ({ url }) => url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: 'wakuncar-assets', expiration: { maxEntries: 100 }, cacheableResponse: { statuses: [200] } },
          },
          {
            // Published versions are immutable: once fetched, a version never needs the network again.
            urlPattern: ({ url }) => /^\/api\/themes\/[^/]+\/versions\/\d+$/.test(url.pathname),
            handler: 'CacheFirst',
            options: {
              cacheName: 'wakuncar-theme-versions',
              expiration: { maxEntries: 200 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  // @rjsf/core is served as its own modules under `vite` (dev), not pre-bundled into one file, so its
  // module swaps (default registry, plain-text markdown) apply there too.
  optimizeDeps: { exclude: ['@rjsf/core'] },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
    fs: { allow: [repositoryRoot] },
  },
  preview: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Class fields and private members stay native (TanStack Query is full of them): less code on the
    // cadre's route than es2020's helpers. Chrome 94+, far below what Android phones run.
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The framework every screen runs on, in one file: without this the bundler cut it into
          // small shared pieces (jsx-runtime, react-i18next…), one request each.
          groups: [
            {
              name: 'framework',
              test: (id: string) => FRAMEWORK.test(id) && !SCREEN_ONLY_QUERY_HOOKS.test(id),
            },
            { name: 'boot', test: BOOT },
            // The app's own start-up code (shell, API, session, outbox), which every screen shares: one
            // file, not the handful of small common chunks the bundler cuts once lazy screens import it too.
            { name: 'app', test: APP_SHELL },
            { name: 'form-helpers', test: FORM_HELPERS, minShareCount: 2 },
          ],
        },
      },
    },
  },
});
