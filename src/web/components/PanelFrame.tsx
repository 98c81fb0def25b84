import type { ReactNode } from 'react';
import { ErrorBoundary } from './ErrorBoundary';

/**
 * A labelled region of the workspace; each one fails on its own behind its own error boundary. `hiddenTitle` keeps
 * the heading for screen readers but gives its row back to the content (the graph has a toolbar of its own).
 */
export function PanelFrame({ id, title, children, actions, hiddenTitle }: { id: string; title: string; children: ReactNode; actions?: ReactNode; hiddenTitle?: boolean }) {
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-region={id}>
      {hiddenTitle ? (
        <h2 id={`${id}-title`} className="sr-only">
          {title}
        </h2>
      ) : (
        <header className="panel__header">
          <h2 id={`${id}-title`}>{title}</h2>
          {actions ? <div className="panel__actions">{actions}</div> : null}
        </header>
      )}
      <div className="panel__body">
        <ErrorBoundary region={title}>{children}</ErrorBoundary>
      </div>
    </section>
  );
}
