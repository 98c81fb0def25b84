export function InspectorPanel() {
  return (
    <div className="empty-state">
      <p>Select a twin or relationship to inspect it.</p>
    </div>
  );
}
