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
