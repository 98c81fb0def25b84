export function ModelsPanel() {
  return (
    <div className="empty-state">
      <p>Models and twins of the connected environment appear here.</p>
    </div>
  );
}
