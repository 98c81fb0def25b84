import { useTelemetry } from './telemetry-store';
import './telemetry.css';

/** The running "send every N seconds" loop, shown whatever twin the form is on, with the one way to stop it. */
export function AutoSendStatus({ compact = false }: { compact?: boolean }) {
  const auto = useTelemetry((s) => s.auto);
  const stopAuto = useTelemetry((s) => s.stopAuto);
  if (!auto) return null;
  const target = `${auto.twinId}${auto.componentName ? `/${auto.componentName}` : ''}`;
  return (
    <div className={compact ? 'telemetry-running telemetry-running--compact' : 'telemetry-running'} role="group" aria-label="Telemetry generator">
      <span className="telemetry-running__text" title={auto.lastError ? `Last error: ${auto.lastError}` : undefined}>
        {compact ? 'Telemetry: ' : 'Sending '}to {target} every {auto.everySeconds} s: {auto.sent} sent
        {auto.lastError && !compact ? ` · last error: ${auto.lastError}` : ''}
        {auto.lastError && compact ? ' · failing' : ''}
      </span>
      <button type="button" onClick={stopAuto} aria-label={`Stop sending telemetry to ${target}`}>Stop</button>
    </div>
  );
}
