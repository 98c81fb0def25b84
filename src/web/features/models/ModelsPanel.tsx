import type { AdtClient } from '../../adt-client';
import type { Theme } from '../../stores/preferences';

export function ModelsPanel({ client, theme }: { client: AdtClient | null; theme: Theme }) {
  return (
    <div className="empty-state" data-theme-name={theme}>
      <p>{client ? 'Models of the connected environment appear here.' : 'Connect to an environment to see its models.'}</p>
    </div>
  );
}
