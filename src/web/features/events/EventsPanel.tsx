import type { EnvironmentConfig } from '../../config/runtime-config';

export function EventsPanel({ environment }: { environment: EnvironmentConfig | undefined }) {
  return (
    <div className="empty-state">
      <p>{environment?.kind === 'emulator' ? 'Live events from the emulator appear here.' : 'Real ADT has no live stream.'}</p>
    </div>
  );
}
