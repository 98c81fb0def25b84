import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Names the region in the fallback, so the user knows what failed and the rest of the app keeps working. */
  region: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Logged for developers; the message is rendered as text below, never as HTML.
    console.error(`[${this.props.region}]`, error, info.componentStack);
  }

  private readonly reset = () => this.setState({ error: null });

  override render() {
    if (this.state.error) {
      return (
        <div role="alert" className="error-boundary">
          <strong>{this.props.region} stopped working.</strong>
          <p className="error-boundary__message">{this.state.error.message}</p>
          <button type="button" onClick={this.reset}>
            Try again
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
