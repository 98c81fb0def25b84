// The import rules of design.md are only worth what ESLint enforces. Each case lints a small forbidden sample as if
// it lived at `file` and expects the rule to fire with its message, so a rule that stops firing (a glob renamed, a
// block that overrides another) fails here. The allowed cases guard against a rule so broad it blocks legal code.
// To add a rule: add its block to eslint.config.js and a forbidden case (and, if the pattern is subtle, an allowed one).
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

interface Case {
  /** What the rule forbids, in words. */
  name: string;
  /** Where the sample pretends to live (the file need not exist). */
  file: string;
  code: string;
  /** A part of the expected message; omit for an allowed case. */
  message?: RegExp;
}

const FEATURES_OR_APP = /never import features or app/;
const MSAL = /Only src\/web\/auth imports MSAL/;

const forbidden: Case[] = [
  // src/shared: pure TypeScript, runs in the browser and in Node.
  { name: 'shared imports web', file: 'src/shared/query/sample.ts', code: "export * from '../../web/stores/ui';", message: /src\/shared imports only src\/shared/ },
  { name: 'shared imports the emulator', file: 'src/shared/adt/sample.ts', code: "export * from '../../emulator/errors';", message: /src\/shared imports only src\/shared/ },
  { name: 'shared imports node:*', file: 'src/shared/dtdl/sample.ts', code: "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", message: /no node:\* imports/ },
  { name: 'shared imports a bare node builtin', file: 'src/shared/dtdl/sample.ts', code: "import { createHash } from 'crypto';\nexport const h = createHash;", message: /no node:\* imports/ },
  { name: 'shared imports React', file: 'src/shared/events/sample.ts', code: "import { useState } from 'react';\nexport const u = useState;", message: /pure TypeScript/ },
  { name: 'shared uses Buffer', file: 'src/shared/text/sample.ts', code: "export const b = Buffer.from('x');", message: /not Buffer/ },
  { name: 'shared uses process', file: 'src/shared/text/sample.ts', code: 'export const e = process.env;', message: /no process/ },

  // The emulator never imports the web app.
  { name: 'emulator imports web', file: 'src/emulator/http/sample.ts', code: "export * from '../../web/adt-client';", message: /never imports the web app/ },
  { name: 'emulator core imports web', file: 'src/emulator/handlers/sample.ts', code: "export * from '../../web/adt-client';", message: /never imports the web app/ },
  { name: 'emulator core imports node:http', file: 'src/emulator/handlers/sample.ts', code: "import { createServer } from 'node:http';\nexport const s = createServer;", message: /core stays portable/ },
  { name: 'emulator core imports better-sqlite3', file: 'src/emulator/query-engine/sample.ts', code: "import Database from 'better-sqlite3';\nexport const d = Database;", message: /core stays portable/ },
  // The emulator core stays portable: everything the static site's Web Worker runs.
  { name: 'emulator core imports node:crypto', file: 'src/emulator/handlers/sample.ts', code: "import { randomUUID } from 'node:crypto';\nexport const r = randomUUID;", message: /core stays portable/ },
  { name: 'emulator core imports a bare node builtin', file: 'src/emulator/events/sample.ts', code: "import { createHash } from 'crypto';\nexport const h = createHash;", message: /core stays portable/ },
  { name: 'the fetch-style service imports node:http', file: 'src/emulator/core/sample.ts', code: "import type { IncomingMessage } from 'node:http';\nexport type M = IncomingMessage;", message: /core stays portable/ },
  { name: 'the store interface imports better-sqlite3', file: 'src/emulator/storage/store.ts', code: "import Database from 'better-sqlite3';\nexport const d = Database;", message: /core stays portable/ },
  { name: 'the shared SQL store imports better-sqlite3', file: 'src/emulator/storage/sql-store.ts', code: "import Database from 'better-sqlite3';\nexport const d = Database;", message: /core stays portable/ },
  { name: 'a handler reaches better-sqlite3 through ../storage/sqlite', file: 'src/emulator/handlers/sample.ts', code: "import { SqliteStore } from '../storage/sqlite';\nexport const s = SqliteStore;", message: /Node binding \(storage\/sqlite\)/ },
  { name: 'the shared SQL store reaches better-sqlite3 through ./sqlite', file: 'src/emulator/storage/sql-store.ts', code: "import { SqliteStore } from './sqlite';\nexport const s = SqliteStore;", message: /Node binding \(storage\/sqlite\)/ },
  { name: 'the query engine reaches Node through the http adapter', file: 'src/emulator/query-engine/sample.ts', code: "export * from '../http/app';", message: /Node host/ },
  { name: 'the worker reaches Node through server.ts', file: 'src/emulator/worker/sample.ts', code: "export * from '../server';", message: /Node host/ },
  { name: 'emulator core uses Buffer', file: 'src/emulator/handlers/sample.ts', code: "export const b = Buffer.from('x');", message: /use Uint8Array and TextEncoder, not Buffer/ },
  { name: 'emulator core uses process', file: 'src/emulator/query-engine/sample.ts', code: 'export const e = process.env;', message: /runs in a Web Worker\): no process/ },

  // The layers below features never import features or app.
  ...(['stores', 'api', 'components', 'editor', 'config', 'auth', 'adt-client'] as const).flatMap((area): Case[] => [
    { name: `${area} imports a feature`, file: `src/web/${area}/sample.ts`, code: "export * from '../features/graph/overview';", message: FEATURES_OR_APP },
    { name: `${area} imports app`, file: `src/web/${area}/sample.ts`, code: "export * from '../app/deep-link';", message: FEATURES_OR_APP },
  ]),
  { name: 'a nested file in api imports a feature', file: 'src/web/api/deep/sample.ts', code: "export * from '../../features/models/format';", message: FEATURES_OR_APP },

  // adt-client is framework-free.
  { name: 'adt-client imports React', file: 'src/web/adt-client/sample.ts', code: "import { useState } from 'react';\nexport const u = useState;", message: /framework-free/ },
  { name: 'adt-client imports TanStack', file: 'src/web/adt-client/sample.ts', code: "import { QueryClient } from '@tanstack/react-query';\nexport const q = QueryClient;", message: /framework-free/ },
  { name: 'adt-client imports zustand', file: 'src/web/adt-client/sample.ts', code: "import { create } from 'zustand';\nexport const c = create;", message: /framework-free/ },
  { name: 'adt-client imports a store', file: 'src/web/adt-client/sample.ts', code: "export * from '../stores/ui';", message: /framework-free/ },
  { name: 'adt-client imports MSAL', file: 'src/web/adt-client/sample.ts', code: "import { PublicClientApplication } from '@azure/msal-browser';\nexport const p = PublicClientApplication;", message: MSAL },

  // Only auth imports MSAL.
  ...(['app', 'api', 'stores', 'components', 'editor', 'config', 'features/connection', 'features/graph'] as const).map((area): Case => ({
    name: `${area} imports MSAL`,
    file: `src/web/${area}/sample.ts`,
    code: "import { PublicClientApplication } from '@azure/msal-browser';\nexport const p = PublicClientApplication;",
    message: MSAL,
  })),
  { name: 'main.tsx imports MSAL', file: 'src/web/main.tsx', code: "import { PublicClientApplication } from '@azure/msal-browser';\nexport const p = PublicClientApplication;", message: MSAL },

  // The web app never imports the emulator (integration tests excepted, below).
  { name: 'a feature imports the emulator', file: 'src/web/features/graph/sample.ts', code: "export * from '../../../emulator/server';", message: /never imports the emulator/ },
  { name: 'api imports the emulator', file: 'src/web/api/sample.ts', code: "export * from '../../emulator/server';", message: /never imports the emulator/ },

  // A feature never imports another feature, nor app.
  { name: 'a feature imports another feature', file: 'src/web/features/inspector/sample.ts', code: "export * from '../graph/overview';", message: /A feature never imports another feature/ },
  { name: 'a feature imports another feature by a longer path', file: 'src/web/features/models/sample.ts', code: "export * from '../../features/twins/virtual-window';", message: /A feature never imports another feature/ },
  { name: 'a feature imports app', file: 'src/web/features/query/sample.ts', code: "export * from '../../app/deep-link';", message: /Only app\/ wires features together/ },
  { name: 'an integration test still keeps the feature rule', file: 'src/web/features/inspector/sample.integration.test.ts', code: "export * from '../graph/overview';", message: /A feature never imports another feature/ },
];

const allowed: Case[] = [
  { name: 'shared imports shared', file: 'src/shared/query/sample.ts', code: "export * from '../adt';" },
  { name: 'a feature imports its own files, stores, api and shared', file: 'src/web/features/graph/sample.ts', code: "export * from './overview';\nexport * from '../../stores/ui';\nexport * from '../../api/client';\nexport * from '../../../shared/adt';" },
  { name: 'editor imports a monaco-editor features/ module', file: 'src/web/editor/sample.ts', code: "import 'monaco-editor/features/find/register';" },
  { name: 'api imports its own emulator helper', file: 'src/web/api/sample.ts', code: "export * from './emulator';" },
  { name: 'the store interface imports the WebAssembly binding and shared code', file: 'src/emulator/storage/sql-store.ts', code: "export * from './sqlite-wasm';\nexport * from './memory-index';\nexport * from '../../shared/adt';" },
  { name: 'the worker imports the SQLite WebAssembly package and the core', file: 'src/emulator/worker/sample.ts', code: "import init from '@sqlite.org/sqlite-wasm';\nexport const i = init;\nexport * from '../core/service';" },
  { name: 'the Node binding itself may import better-sqlite3', file: 'src/emulator/storage/sqlite.ts', code: "import Database from 'better-sqlite3';\nexport const d = Database;" },
  { name: 'app wires features together', file: 'src/web/app/sample.ts', code: "export * from '../features/graph/overview';\nexport * from '../features/models/format';" },
  { name: 'auth imports MSAL', file: 'src/web/auth/sample.ts', code: "import { PublicClientApplication } from '@azure/msal-browser';\nexport const p = PublicClientApplication;" },
  { name: 'adt-client imports shared', file: 'src/web/adt-client/sample.ts', code: "export * from '../../shared/adt';" },
  { name: 'an integration test under src/web starts the emulator', file: 'src/web/api/sample.integration.test.ts', code: "export * from '../../emulator/test-support';" },
];

const RESTRICTING = new Set(['no-restricted-imports', 'no-restricted-globals']);
let eslint: ESLint;

async function restrictions(c: Case): Promise<string[]> {
  const [result] = await eslint.lintText(c.code, { filePath: c.file });
  return (result?.messages ?? []).filter((m) => m.ruleId && RESTRICTING.has(m.ruleId)).map((m) => m.message);
}

describe('eslint enforces the import rules of design.md', () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: fileURLToPath(new URL('.', import.meta.url)) });
  });

  it.each(forbidden.map((c) => [c.name, c] as const))('forbids: %s', async (_name, c) => {
    const messages = await restrictions(c);
    expect(messages.some((m) => c.message!.test(m)), `messages: ${JSON.stringify(messages)}`).toBe(true);
  });

  it.each(allowed.map((c) => [c.name, c] as const))('allows: %s', async (_name, c) => {
    expect(await restrictions(c)).toEqual([]);
  });
});
