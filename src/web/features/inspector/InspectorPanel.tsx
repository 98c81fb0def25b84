import type { AdtClient } from '../../adt-client';
import type { Theme } from '../../stores/preferences';

export function InspectorPanel({ client, theme }: { client: AdtClient | null; theme: Theme }) {
  return (
    <div className="empty-state" data-theme-name={theme}>
      <p>{client ? 'Select a twin or relationship to inspect it.' : 'Connect to an environment first.'}</p>
    </div>
  );
}
