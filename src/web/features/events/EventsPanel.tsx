export function EventsPanel() {
  return (
    <div className="empty-state">
      <p>Live events from the emulator appear here.</p>
    </div>
  );
}
