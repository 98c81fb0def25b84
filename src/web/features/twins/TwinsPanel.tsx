import type { AdtClient } from '../../adt-client';
import { useGraphStore } from '../../stores/graph';

export function TwinsPanel({ client }: { client: AdtClient | null }) {
  const count = useGraphStore((s) => s.twinCount);
  return (
    <div className="empty-state">
      <p>{count === 0 ? 'Twins loaded into the graph are listed here.' : `${count} twins loaded${client ? '' : ''}.`}</p>
    </div>
  );
}
