import type { ReactNode } from 'react';
import { formatGraphCounts, useGraphStore } from '../stores/graph';

/** `activity` shows work that goes on out of sight (a telemetry generator), with its own controls. */
export function StatusBar({ environmentLabel, activity }: { environmentLabel: string; activity?: ReactNode }) {
  const twins = useGraphStore((s) => s.twinCount);
  const relationships = useGraphStore((s) => s.relationshipCount);
  const total = useGraphStore((s) => s.totalTwins);
  return (
    <footer className="status-bar" role="status" aria-live="polite">
      <span>
        <span data-testid="graph-counts">{formatGraphCounts(twins, relationships)}</span>
        {total !== null && total > twins ? (
          <span className="status-bar__cut" data-testid="graph-cut">
            {' '}
            · showing {twins.toLocaleString('en-US')} of {total.toLocaleString('en-US')} twins
          </span>
        ) : null}
      </span>
      {/* Not announced: a counter that ticks every second would talk over everything else. */}
      {activity ? <span className="status-bar__activity" aria-live="off">{activity}</span> : null}
      <span className="status-bar__env">{environmentLabel}</span>
    </footer>
  );
}
