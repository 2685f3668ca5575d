/**
 * Freezes `value` and everything in it, for values shared between turns (a cached document, a kept
 * card): a change throws a TypeError instead of reaching the next reader.
 */
export function deepFreeze<V>(value: V): V {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
