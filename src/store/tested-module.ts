import type { Logger } from 'pino';

/**
 * Loads `module` of package `pkg` for a patch written against one version of it: undefined (with a
 * warning naming `patch`) when the package has another version, or when it is not installed at all.
 */
export function loadTested<T>(pkg: string, module: string, version: string, patch: string, logger: Logger): T | undefined {
  let loaded: T;
  let installed: string;
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    loaded = require(module) as T;
    installed = (require(`${pkg}/package.json`) as { version: string }).version;
    /* eslint-enable @typescript-eslint/no-require-imports */
  } catch {
    return undefined;
  }
  if (installed !== version) {
    logger.warn({ package: pkg, version: installed, tested: version }, `embedded store: ${patch} not applied to an untested version`);
    return undefined;
  }
  return loaded;
}
