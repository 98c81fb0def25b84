/** Page settings, as in @azure/core-paging. `continuationToken` is a nextLink URL or a query continuation token. */
export interface PageSettings {
  maxPageSize?: number;
  continuationToken?: string;
}

/** Like @azure/core-paging's PagedAsyncIterableIterator: iterate items, or pages through `byPage`. */
export interface PagedAsyncIterableIterator<T, P> extends AsyncIterableIterator<T> {
  byPage(settings?: PageSettings): AsyncIterableIterator<P>;
}

/** Every page carries the token that resumes after it (`null` on the last page). */
export interface PageBase<T> {
  value: T[];
  continuationToken: string | null;
}

/**
 * `getPage(undefined, size)` fetches the first page, `getPage(token, size)` the page a token points to.
 * Iteration is lazy: nothing is requested until the first `next()`.
 */
export function createPagedIterator<T, P extends PageBase<T>>(
  getPage: (continuationToken: string | undefined, maxPageSize: number | undefined) => Promise<P>,
  defaultMaxPageSize?: number,
): PagedAsyncIterableIterator<T, P> {
  async function* pages(settings: PageSettings = {}): AsyncGenerator<P> {
    const size = settings.maxPageSize ?? defaultMaxPageSize;
    let token = settings.continuationToken;
    do {
      const page = await getPage(token, size);
      yield page;
      token = page.continuationToken ?? undefined;
    } while (token !== undefined && token !== '');
  }
  async function* items(): AsyncGenerator<T> {
    for await (const page of pages()) yield* page.value;
  }
  const iterator = items();
  return {
    next: () => iterator.next(),
    return: (value?: unknown) => iterator.return(value as never),
    [Symbol.asyncIterator]() { return this; },
    byPage: (settings?: PageSettings) => pages(settings),
  };
}
