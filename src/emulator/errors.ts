import type { ErrorInfo, ErrorResponse } from '../shared/adt';

/**
 * The one error type the emulator's core throws. The HTTP layer turns it into the ADT error body,
 * so handlers, the store and the query engine never build responses themselves.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorInfo[],
    readonly headers?: Record<string, string>,
    /**
     * A body other than ADT's `{ error }` object, for the few answers the live service gives in another shape (the
     * ASP.NET validation problem of a body it cannot bind). `headers` then carries its content type.
     */
    readonly rawBody?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ErrorResponse | unknown {
    if (this.rawBody !== undefined) return this.rawBody;
    const error: ErrorInfo = { code: this.code, message: this.message };
    if (this.details && this.details.length > 0) error.details = this.details;
    return { error };
  }
}
