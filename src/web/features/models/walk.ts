/**
 * Every id reachable from `starts` through `next`, the starts included, depth first and each id once, so cycles in
 * extends end. `enter` can refuse an id: it is then neither in the result nor walked through.
 */
export function reachable(starts: Iterable<string>, next: (id: string) => readonly string[] | undefined, enter: (id: string) => boolean = () => true): Set<string> {
  const out = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (out.has(id) || !enter(id)) continue;
    out.add(id);
    stack.push(...(next(id) ?? []));
  }
  return out;
}
