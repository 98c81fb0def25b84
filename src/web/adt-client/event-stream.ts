/**
 * Server-Sent Events read through any fetch (https://html.spec.whatwg.org/multipage/server-sent-events.html), for
 * streams that no EventSource can open: the emulator in a Web Worker answers through a transport, not the network.
 * The subset the app uses: named events, `retry:`, reconnection, readyState and the open/error callbacks.
 */
export interface EventStreamLike {
  readonly readyState: number;
  onopen: ((this: never, ev: Event) => unknown) | null;
  onerror: ((this: never, ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

export class FetchEventSource implements EventStreamLike {
  readyState = CONNECTING;
  onopen: ((this: never, ev: Event) => unknown) | null = null;
  onerror: ((this: never, ev: Event) => unknown) | null = null;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  private controller: AbortController | null = null;
  private retryMs = 2000;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly url: string, private readonly fetchImpl: typeof fetch) {
    queueMicrotask(() => void this.connect());
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
  }

  close(): void {
    this.readyState = CLOSED;
    clearTimeout(this.timer);
    this.controller?.abort();
    this.controller = null;
  }

  private async connect(): Promise<void> {
    if (this.readyState === CLOSED) return;
    this.readyState = CONNECTING;
    const controller = new AbortController();
    this.controller = controller;
    try {
      const response = await this.fetchImpl(this.url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      this.readyState = OPEN;
      this.onopen?.call(undefined as never, new Event('open'));
      await this.read(response.body);
    } catch {
      // Aborted by close(), or the stream failed: reconnect like EventSource does, unless closed.
    }
    if (this.readyState === CLOSED || controller.signal.aborted) return;
    this.readyState = CONNECTING;
    this.onerror?.call(undefined as never, new Event('error'));
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        this.dispatch(block);
      }
    }
  }

  private dispatch(block: string): void {
    let type = 'message';
    const data: string[] = [];
    let id: string | undefined;
    for (const line of block.split(/\r?\n/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    }
    if (data.length === 0) return;
    const event = new MessageEvent<string>(type, { data: data.join('\n'), ...(id !== undefined ? { lastEventId: id } : {}) });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}
