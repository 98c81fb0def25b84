import { containmentLayout, type ContainmentInput } from './containment-layout';

// One layout per message; the positions (or null when the graph is no hierarchy) go back as a transferred buffer.
self.onmessage = (e: MessageEvent<ContainmentInput>) => {
  const result = containmentLayout(e.data);
  (self as unknown as Worker).postMessage(result, result ? [result.positions.buffer] : []);
};
