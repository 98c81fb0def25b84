/**
 * Sends, their history, and the "send every N seconds" loop. The loop lives here, not in the panel, so a demo keeps
 * sending while the user watches the Events tab.
 */
import { create } from 'zustand';
import { AdtError, randomUuid } from '../../adt-client';
import type { AdtClient } from '../../adt-client';
import { publishTelemetry } from '../../api/telemetry';
import type { FormState, RandomRange, TelemetryField } from './telemetry-form';
import { buildPayload, randomizeForm } from './telemetry-form';

export interface TelemetrySend {
  key: string;
  twinId: string;
  componentName: string | undefined;
  payload: Record<string, unknown>;
  messageId: string;
  sourceTime: string | undefined;
  sentAt: number;
  status: 'sending' | 'sent' | 'failed';
  error?: string;
  auto: boolean;
}

export interface SendRequest {
  twinId: string;
  componentName: string | undefined;
  payload: Record<string, unknown>;
  messageId: string;
  sourceTime: string | undefined;
}

export interface AutoConfig {
  client: AdtClient;
  twinId: string;
  componentName: string | undefined;
  fields: TelemetryField[];
  form: FormState;
  ranges: Record<string, RandomRange>;
  everySeconds: number;
}

/** What the user has typed into one target's send form, kept while the Telemetry tab is closed. */
export interface SendFormDraft {
  form: FormState;
  rawJson: string;
  everySeconds: string;
  ranges: Record<string, { min: string; max: string; on: boolean }>;
}

export interface TelemetryTarget {
  twinId: string;
  componentName: string;
  /** The graph selection last copied into the twin id, so reopening the tab does not overwrite what was typed. */
  seenSelection: string | undefined;
}

interface TelemetryState {
  history: TelemetrySend[];
  auto: { twinId: string; componentName: string | undefined; everySeconds: number; sent: number; lastError?: string } | null;
  /**
   * The panel's target and per-target form drafts. They live in the store, not in the panel's state, because the
   * bottom tabs unmount their panel: switching to another tab and back must not reset the form while a loop sends.
   */
  target: TelemetryTarget;
  drafts: Record<string, SendFormDraft>;
  setTarget: (target: Partial<TelemetryTarget>) => void;
  saveDraft: (key: string, draft: SendFormDraft) => void;
  send: (client: AdtClient, request: SendRequest, auto?: boolean) => Promise<TelemetrySend>;
  startAuto: (config: AutoConfig) => void;
  stopAuto: () => void;
  clearHistory: () => void;
}

const MAX_HISTORY = 200;
let timer: ReturnType<typeof setInterval> | undefined;

function describe(err: unknown): string {
  if (err instanceof AdtError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export const useTelemetry = create<TelemetryState>()((set, get) => ({
  history: [],
  auto: null,
  target: { twinId: '', componentName: '', seenSelection: undefined },
  drafts: {},
  setTarget: (target) => set((s) => ({ target: { ...s.target, ...target } })),
  saveDraft: (key, draft) => set((s) => ({ drafts: { ...s.drafts, [key]: draft } })),

  send: async (client, request, auto = false) => {
    const entry: TelemetrySend = { ...request, key: randomUuid(), sentAt: Date.now(), status: 'sending', auto };
    set((s) => ({ history: [entry, ...s.history].slice(0, MAX_HISTORY) }));
    const update = (changes: Partial<TelemetrySend>) =>
      set((s) => ({ history: s.history.map((h) => (h.key === entry.key ? { ...h, ...changes } : h)) }));
    try {
      await publishTelemetry(client, request);
      update({ status: 'sent' });
      return { ...entry, status: 'sent' };
    } catch (err) {
      const error = describe(err);
      update({ status: 'failed', error });
      return { ...entry, status: 'failed', error };
    }
  },

  startAuto: (config) => {
    get().stopAuto();
    set({ auto: { twinId: config.twinId, componentName: config.componentName, everySeconds: config.everySeconds, sent: 0 } });
    const tick = () => {
      const payload = buildPayload(config.fields, randomizeForm(config.fields, config.form, config.ranges));
      if (!payload.ok) {
        set((s) => (s.auto ? { auto: { ...s.auto, lastError: payload.errors.map((e) => `${e.path}: ${e.message}`).join('; ') } } : s));
        return;
      }
      void get().send(config.client, {
        twinId: config.twinId, componentName: config.componentName, payload: payload.payload, messageId: randomUuid(), sourceTime: undefined,
      }, true).then((r) => {
        set((s) => (s.auto ? { auto: { ...s.auto, sent: s.auto.sent + 1, ...(r.error ? { lastError: r.error } : {}) } } : s));
      });
    };
    tick();
    timer = setInterval(tick, Math.max(0.5, config.everySeconds) * 1000);
  },

  stopAuto: () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    set({ auto: null });
  },

  clearHistory: () => set({ history: [] }),
}));
