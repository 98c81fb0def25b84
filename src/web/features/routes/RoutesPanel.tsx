import type { AdtClient } from '../../adt-client';

export function RoutesPanel({ client }: { client: AdtClient | null }) {
  return (
    <div className="empty-state">
      <p>Event routes {client ? '' : '(connect to an environment first)'}</p>
    </div>
  );
}
