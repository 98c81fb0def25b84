// @ts-check
import { readdirSync, existsSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The import rules of design.md, as lint: each area may only reach what the architecture allows.
const featuresDir = 'src/web/features';
const features = existsSync(featuresDir)
  ? readdirSync(featuresDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
  : [];

const nodeBuiltins = ['node:*', 'fs', 'path', 'http', 'https', 'net', 'os', 'child_process', 'crypto', 'stream', 'url'];

// Restrictions shared by the src/web areas (design.md, "Import rules").
const NO_MSAL = { group: ['@azure/msal-browser', '@azure/msal-*'], message: 'Only src/web/auth imports MSAL.' };
const NO_EMULATOR = { group: ['**/emulator/**'], message: 'The web app never imports the emulator.' };
const NO_UPWARD = {
  // A regex, not a glob: only relative paths into the app's own folders (monaco-editor has a features/ folder too).
  regex: '^\\.{1,2}/(.*/)?(features|app)(/.*)?$',
  message: 'The layers below features (stores, api, components, adt-client, editor, auth, config) never import features or app.',
};
const NO_APP_FROM_FEATURE = { group: ['**/app/**', '**/app'], message: 'Only app/ wires features together.' };
const ADT_CLIENT_FREE = {
  group: ['react', 'react-dom', 'react/*', '@tanstack/*', 'zustand', 'zustand/*', '../stores', '../stores/**', '**/web/stores/**'],
  message: 'adt-client is framework-free: no React, TanStack, zustand or stores.',
};

/** @typedef {{ group?: string[]; regex?: string; message: string }} Pattern */
/** @type {{ files: string[]; ignores?: string[]; patterns: Pattern[] }[]} */
const webAreas = [
  // The composition root (main.tsx, app/) may wire everything together.
  { files: ['src/web/*.{ts,tsx}', 'src/web/app/**/*.{ts,tsx}'], patterns: [NO_MSAL, NO_EMULATOR] },
  { files: ['src/web/auth/**/*.{ts,tsx}'], patterns: [NO_EMULATOR, NO_UPWARD] },
  { files: ['src/web/adt-client/**/*.{ts,tsx}'], patterns: [NO_MSAL, NO_EMULATOR, NO_UPWARD, ADT_CLIENT_FREE] },
  ...['stores', 'api', 'components', 'editor', 'config'].map((area) => ({
    files: [`src/web/${area}/**/*.{ts,tsx}`],
    patterns: [NO_MSAL, NO_EMULATOR, NO_UPWARD],
  })),
  ...features.map((feature) => ({
    files: [`${featuresDir}/${feature}/**/*.{ts,tsx}`],
    patterns: [
      NO_MSAL,
      NO_EMULATOR,
      NO_APP_FROM_FEATURE,
      ...features.filter((f) => f !== feature).map((other) => ({
        group: [`../${other}`, `../${other}/**`, `**/features/${other}`, `**/features/${other}/**`],
        message: 'A feature never imports another feature: talk through stores and the api layer.',
      })),
    ],
  })),
];

const config = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'playwright-report/**', 'test-results/**', 'data/**', 'bench/results/**', '.emulator-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/web/**', '**/emulator/**', '../../web', '../../emulator'], message: 'src/shared imports only src/shared.' },
          { group: nodeBuiltins, message: 'src/shared runs in the browser and in Node: no node:* imports.' },
          { group: ['react', 'react-dom', '@tanstack/*', '@azure/*', 'zustand', 'monaco-editor', 'cytoscape', 'better-sqlite3'], message: 'src/shared is pure TypeScript.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'Buffer', message: 'src/shared runs in the browser too: use Uint8Array and TextEncoder, not Buffer.' },
        { name: 'process', message: 'src/shared runs in the browser too: no process.' },
      ],
    },
  },
  {
    files: ['src/emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/web/**', '**/web'], message: 'The emulator never imports the web app.' }] }],
    },
  },
  {
    // The portable core: everything the static site's Web Worker runs (core/, handlers, the query engine, events,
    // the seed, the store interface and the binding-independent store with its in-memory index, the WebAssembly
    // binding, the worker itself) must not reach Node: no node:* or bare builtins, no better-sqlite3, and not the
    // Node binding (storage/sqlite.ts) or the Node host (http/, server.ts, main.ts, proxy/) that would bring them in.
    // The worker's tsconfig (no Node types) checks the same from the other side.
    files: [
      'src/emulator/core/**/*.ts', 'src/emulator/handlers/**/*.ts', 'src/emulator/query-engine/**/*.ts',
      'src/emulator/events/**/*.ts', 'src/emulator/seed/**/*.ts', 'src/emulator/worker/**/*.ts', 'src/emulator/errors.ts',
      'src/emulator/storage/store.ts', 'src/emulator/storage/memory-index.ts', 'src/emulator/storage/sql-binding.ts',
      'src/emulator/storage/sql-store.ts', 'src/emulator/storage/sqlite-wasm.ts', 'src/emulator/storage/model-index.ts',
      'src/emulator/storage/migrations/**/*.ts',
    ],
    ignores: ['src/emulator/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/web/**'], message: 'The emulator never imports the web app.' },
          { group: [...nodeBuiltins, 'better-sqlite3'], message: 'The emulator core stays portable: only http/, main.ts and the SQLite binding touch Node.' },
          {
            // The Node binding and host, however the path is spelt (./sqlite, ../storage/sqlite, ../http/app, ../server).
            regex: '^\\.{1,2}/(.*/)?(sqlite|server|main|http/.*|proxy(/.*)?)$',
            message: 'The emulator core stays portable: the Node binding (storage/sqlite) and the Node host (http/, server, main, proxy) bring in Node.',
          },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'Buffer', message: 'The emulator core stays portable (it runs in a Web Worker): use Uint8Array and TextEncoder, not Buffer.' },
        { name: 'process', message: 'The emulator core stays portable (it runs in a Web Worker): no process.' },
      ],
    },
  },
  // src/web: each area gets one block with every restriction that applies to it (a later block's
  // no-restricted-imports replaces an earlier one's, so the patterns are composed here, not stacked).
  ...webAreas.map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
);

/**
 * The one exception to "src/web never imports the emulator": integration tests (`*.integration.test.ts` under src/web)
 * start a real emulator through src/emulator/test-support. Each src/web block that restricts imports gets a twin for
 * those files with every restriction kept except the emulator one.
 */
const EMULATOR_IMPORTS = ['**/emulator/**'];
const integrationTestOverrides = config
  .filter((block) => block.files?.every((glob) => typeof glob === 'string' && glob.startsWith('src/web/')) && block.rules?.['no-restricted-imports'])
  .map((block) => {
    const [level, options] = /** @type {[string, { patterns: Pattern[] }]} */ (block.rules['no-restricted-imports']);
    return {
      files: block.files.map((glob) => String(glob).replace(/\*\.(\{ts,tsx\}|ts)$/, '*.integration.test.ts')),
      ...(block.ignores ? { ignores: block.ignores } : {}),
      rules: {
        'no-restricted-imports': [level, {
          ...options,
          patterns: options.patterns
            .map((p) => (p.group ? { ...p, group: p.group.filter((g) => !EMULATOR_IMPORTS.includes(g)) } : p))
            .filter((p) => !p.group || p.group.length > 0),
        }],
      },
    };
  });

export default [...config, ...integrationTestOverrides];
