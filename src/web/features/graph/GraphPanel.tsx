export function GraphPanel() {
  return (
    <div className="empty-state" data-testid="graph-canvas">
      <p>Run a query to draw its twins and relationships here.</p>
    </div>
  );
}
