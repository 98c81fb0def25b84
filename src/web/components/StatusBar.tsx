import { formatGraphCounts, useGraphStore } from '../stores/graph';

export function StatusBar({ environmentLabel }: { environmentLabel: string }) {
  const twins = useGraphStore((s) => s.twinCount);
  const relationships = useGraphStore((s) => s.relationshipCount);
  return (
    <footer className="status-bar" role="status" aria-live="polite">
      <span data-testid="graph-counts">{formatGraphCounts(twins, relationships)}</span>
      <span className="status-bar__env">{environmentLabel}</span>
    </footer>
  );
}
