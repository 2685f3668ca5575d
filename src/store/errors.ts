/** A read-modify-write lost the race (HTTP 412) or a create met an existing item (409). */
export class ConflictError extends Error {
  constructor(message = 'The item was changed by someone else') {
    super(message);
    this.name = 'ConflictError';
  }
}

/** The store could not be reached or gave up after its own retries. */
export class StoreUnavailableError extends Error {
  constructor(message = 'The store is unavailable', cause?: unknown) {
    super(message, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** Status code of an error thrown by @azure/cosmos, if any. */
export function cosmosStatus(err: unknown): number | undefined {
  if (err && typeof err === 'object' && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'number') return code;
  }
  if (err && typeof err === 'object' && 'statusCode' in err) {
    const code = (err as { statusCode: unknown }).statusCode;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/**
 * Whether an error means the store could not serve the request right now (throttled, unavailable,
 * timed out, connection lost) rather than a bug: users are then asked to try again.
 */
export function isStoreUnavailable(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  const status = cosmosStatus(err);
  if (status === 429 || status === 503 || status === 408 || status === 449) return true;
  const code = (err as { code?: unknown })?.code;
  const name = (err as { name?: unknown })?.name;
  return (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT' ||
    code === 'EPIPE' ||
    code === 'REQUEST_SEND_ERROR'
  );
}
