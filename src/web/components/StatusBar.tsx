import { formatGraphCounts, useGraphStore } from '../stores/graph';

export function StatusBar({ environmentLabel }: { environmentLabel: string }) {
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
      <span className="status-bar__env">{environmentLabel}</span>
    </footer>
  );
}
