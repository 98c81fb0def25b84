import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The Content Security Policy shipped in the built index.html. No inline script and no eval; Monaco's workers come
 * from 'self' (blob: is allowed for workers because Vite's worker bundling may wrap them). 'wasm-unsafe-eval' lets the
 * in-browser emulator's worker compile SQLite's WebAssembly, and nothing else: it allows no JavaScript eval
 * (https://developer.mozilla.org/docs/Web/HTTP/Headers/Content-Security-Policy/script-src#unsafe_keywords). Monaco sets inline styles,
 * hence style-src 'unsafe-inline'. connect-src names the sign-in authority, ADT and Azure Blob Storage (the import panel
 * uploads an import job's input to the SAS URL given and reads its log); a proxy or an Azurite on another origin must
 * be added here at deploy time (see README, "Static deployment").
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self' https://login.microsoftonline.com https://*.digitaltwins.azure.net https://*.blob.core.windows.net",
  "frame-src 'self' https://login.microsoftonline.com",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

// Only in the build: the dev server injects an inline React refresh preamble that a strict CSP would block.
function contentSecurityPolicy(): Plugin {
  return {
    name: 'twinscope-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

const emulator = process.env.TWINSCOPE_EMULATOR_URL ?? 'http://127.0.0.1:8081';
const apiPaths = ['/models', '/digitaltwins', '/query', '/eventroutes', '/eventRoutes', '/jobs', '/_emulator', '/api/proxy'];

export default defineConfig({
  // Relative asset URLs so the same build works at the root of a storage account or under any sub-path.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
    // Monaco's worker bundling is slow by nature; the timing report only adds noise to `npm start`.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  worker: { format: 'es' },
  // SQLite's WebAssembly build finds its .wasm next to its module; pre-bundling would move one without the other.
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
  server: {
    port: 5173,
    // The dev server always fronts the emulator: the app then offers it, not the in-browser one (runtime-config.ts).
    headers: { 'x-twinscope-server': 'vite-dev' },
    strictPort: false,
    proxy: Object.fromEntries(apiPaths.map((p) => [p, { target: emulator, changeOrigin: false }])),
  },
});
