/**
 * The event-route form as data: id and filter checks as the user types, filter completions that know the event types
 * and fields, and "Test filter" over one sample event of each type.
 */
import type { CloudEvent, EventRoute } from '../../../shared/adt';
import type { FilterCompletion } from '../../../shared/events';
import { evaluateRouteFilter, parseRouteFilter, routeFilterCompletions, sampleEvents } from '../../../shared/events';

/** ADT route ids: 1 to 256 characters, without whitespace, '/', '?', '#' or '\'. */
export function checkRouteId(id: string): string | undefined {
  if (id === '') return 'Enter a route id.';
  if (id.length > 256) return 'A route id has at most 256 characters.';
  if (/[\s/?#\\]/.test(id)) return 'A route id cannot contain whitespace, /, ?, # or \\.';
  return undefined;
}

/**
 * `known` is the list of endpoints the target declares, when it can tell (the emulator does, at
 * /_emulator/endpoints); ADT's endpoints live in Azure and are checked by the service only.
 */
export function checkEndpointName(name: string, known?: readonly string[]): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter the name of an endpoint.';
  if (known && !known.includes(trimmed)) {
    return known.length === 0
      ? `There is no endpoint "${trimmed}": the emulator was started without endpoints.`
      : `There is no endpoint "${trimmed}". The emulator offers: ${[...known].sort().join(', ')}.`;
  }
  return undefined;
}

export interface FilterProblem { message: string; offset: number; length: number }

/** A syntax problem with its position, or undefined when the filter parses. */
export function checkFilter(text: string): FilterProblem | undefined {
  if (text.trim() === '') return { message: 'Enter a filter; "true" routes every event.', offset: 0, length: 0 };
  const r = parseRouteFilter(text);
  return r.ok ? undefined : { message: r.message, offset: r.offset, length: Math.max(1, r.length) };
}

export interface FilterTestResult { event: CloudEvent; passes: boolean }

/** Runs the filter on one sample event of each type. */
export function testFilter(text: string, events: CloudEvent[] = sampleEvents()): { ok: true; results: FilterTestResult[] } | { ok: false; problem: FilterProblem } {
  const problem = checkFilter(text);
  if (problem) return { ok: false, problem };
  const parsed = parseRouteFilter(text);
  if (!parsed.ok) return { ok: false, problem: { message: parsed.message, offset: parsed.offset, length: parsed.length } };
  return { ok: true, results: events.map((event) => ({ event, passes: evaluateRouteFilter(parsed.filter, event) })) };
}

export interface Suggestions { from: number; to: number; items: FilterCompletion[] }

/** Completions at the cursor, narrowed to those that start with what is typed (case-insensitive). */
export function filterSuggestions(text: string, cursor: number, limit = 12): Suggestions {
  const r = routeFilterCompletions(text, cursor);
  const typed = text.slice(r.from, r.to).toLowerCase();
  const items = r.items.filter((i) => i.insertText.toLowerCase().startsWith(typed) && i.insertText.toLowerCase() !== typed);
  return { from: r.from, to: r.to, items: items.slice(0, limit) };
}

export function applySuggestion(text: string, s: Suggestions, item: FilterCompletion): { text: string; cursor: number } {
  const before = text.slice(0, s.from);
  const after = text.slice(s.to);
  const needsSpace = item.kind !== 'function' && item.insertText !== '$body.' && after !== '' && !after.startsWith(' ') ? ' ' : '';
  const insert = item.insertText + needsSpace;
  return { text: before + insert + after, cursor: before.length + insert.length };
}

/** Endpoint names to offer: those the environment declares plus those existing routes use. */
export function endpointChoices(routes: readonly EventRoute[], known: readonly string[] = []): string[] {
  return [...new Set([...known, ...routes.map((r) => r.endpointName)])].filter((n) => n !== '').sort();
}
