import type { AdtClient } from '../../adt-client';

export function ImportExportPanel({ client }: { client: AdtClient | null }) {
  return (
    <div className="empty-state">
      <p>Import and export {client ? '' : '(connect to an environment first)'}</p>
    </div>
  );
}
