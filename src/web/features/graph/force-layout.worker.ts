import { simulateForce, type ForceInput } from './force-simulate';

// One layout per message; the positions go back as a transferred buffer.
self.onmessage = (e: MessageEvent<ForceInput>) => {
  const positions = simulateForce(e.data);
  (self as unknown as Worker).postMessage(positions, [positions.buffer]);
};
