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
    },
  },
  {
    files: ['src/emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/web/**', '**/web'], message: 'The emulator never imports the web app.' }] }],
    },
  },
  {
    // The portable core: handlers, store interface, query engine and events must run in a Web Worker too.
    files: ['src/emulator/handlers/**/*.ts', 'src/emulator/query-engine/**/*.ts', 'src/emulator/events/**/*.ts', 'src/emulator/storage/store.ts', 'src/emulator/storage/memory*.ts'],
    ignores: ['src/emulator/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/web/**'], message: 'The emulator never imports the web app.' },
          { group: ['node:http', 'node:https', 'node:fs', 'node:net', 'http', 'https', 'fs', 'better-sqlite3'], message: 'The emulator core stays portable: only http/, main.ts and the SQLite binding touch Node.' },
        ],
      }],
    },
  },
  {
    files: ['src/web/adt-client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['react', 'react-dom', '@tanstack/*', '@azure/msal-browser', '**/features/**', '**/emulator/**'], message: 'adt-client is framework-free.' }],
      }],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    ignores: ['src/web/auth/**', 'src/web/adt-client/**', 'src/web/features/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@azure/msal-browser', '@azure/msal-*'], message: 'Only src/web/auth imports MSAL.' },
          { group: ['**/emulator/**'], message: 'The web app never imports the emulator.' },
        ],
      }],
    },
  },
  ...features.map((feature) => ({
    files: [`${featuresDir}/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@azure/msal-browser', '@azure/msal-*'], message: 'Only src/web/auth imports MSAL.' },
          { group: ['**/emulator/**'], message: 'The web app never imports the emulator.' },
          { group: ['**/app/**', '**/app'], message: 'Only app/ wires features together.' },
          ...features.filter((f) => f !== feature).map((other) => ({
            group: [`../${other}`, `../${other}/**`, `**/features/${other}`, `**/features/${other}/**`],
            message: 'A feature never imports another feature: talk through stores and the api layer.',
          })),
        ],
      }],
    },
  })),
);

/**
 * The one exception to "src/web never imports the emulator": integration tests (`*.integration.test.ts` under src/web)
 * start a real emulator through src/emulator/test-support. Each src/web block that restricts imports gets a twin for
 * those files with every restriction kept except the emulator one.
 */
const EMULATOR_IMPORT = '**/emulator/**';
const integrationTestOverrides = config
  .filter((block) => block.files?.every((glob) => typeof glob === 'string' && glob.startsWith('src/web/')) && block.rules?.['no-restricted-imports'])
  .map((block) => {
    const [level, options] = /** @type {[string, { patterns: { group: string[]; message: string }[] }]} */ (block.rules['no-restricted-imports']);
    return {
      files: block.files.map((glob) => String(glob).replace(/\*\.(\{ts,tsx\}|ts)$/, '*.integration.test.ts')),
      ...(block.ignores ? { ignores: block.ignores } : {}),
      rules: {
        'no-restricted-imports': [level, {
          ...options,
          patterns: options.patterns
            .map((p) => ({ ...p, group: p.group.filter((g) => g !== EMULATOR_IMPORT) }))
            .filter((p) => p.group.length > 0),
        }],
      },
    };
  });

export default [...config, ...integrationTestOverrides];
