export function RequestLogPanel() {
  return (
    <div className="empty-state">
      <p>Requests to the service are listed here, with bodies on demand. Authorization values are never shown.</p>
    </div>
  );
}
