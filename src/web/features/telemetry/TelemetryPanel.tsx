import type { AdtClient } from '../../adt-client';

export function TelemetryPanel({ client }: { client: AdtClient | null }) {
  return (
    <div className="empty-state">
      <p>Telemetry {client ? '' : '(connect to an environment first)'}</p>
    </div>
  );
}
