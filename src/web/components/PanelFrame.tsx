import type { ReactNode } from 'react';
import { ErrorBoundary } from './ErrorBoundary';

/** A labelled region of the workspace; each one fails on its own behind its own error boundary. */
export function PanelFrame({ id, title, children, actions }: { id: string; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-region={id}>
      <header className="panel__header">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions ? <div className="panel__actions">{actions}</div> : null}
      </header>
      <div className="panel__body">
        <ErrorBoundary region={title}>{children}</ErrorBoundary>
      </div>
    </section>
  );
}
