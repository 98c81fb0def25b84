import { useState } from 'react';
import type { InBrowserStatus } from '../adt-client';

/**
 * Says where the data of the in-browser environment lives, and offers to restore the sample graph.
 * Shown only while that environment is selected.
 */
export function InBrowserBanner({ status, onReset }: { status: InBrowserStatus; onReset: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const text = (() => {
    switch (status.state) {
      case 'starting':
        return 'Starting the emulator in this browser…';
      case 'ready':
        return status.persistence === 'opfs'
          ? 'Demo data lives in this browser: nothing is sent to a server, and it is still here after a reload.'
          : `Demo data lives in this tab only and is lost when you close it: ${status.detail}.`;
      case 'busy':
        return status.detail;
      case 'failed':
        return status.detail;
    }
  })();
  const tone = status.state === 'ready' && status.persistence === 'opfs' ? 'info' : status.state === 'starting' ? 'info' : 'warning';
  return (
    <div className={`in-browser-banner in-browser-banner--${tone}`} role="status" aria-label="In-browser data" data-state={status.state}>
      <span className="in-browser-banner__text">{text}</span>
      {error && <span className="in-browser-banner__error" role="alert">Reset failed: {error}</span>}
      <button
        type="button"
        className="in-browser-banner__reset"
        disabled={busy || status.state !== 'ready'}
        onClick={() => {
          setBusy(true);
          setError(null);
          onReset().catch((err: unknown) => {
            setError(err instanceof Error ? err.message : String(err));
            setBusy(false);
          });
        }}
      >
        {busy ? 'Resetting…' : 'Reset demo data'}
      </button>
    </div>
  );
}
