// Sizes as the Chinese messages state them: the one formatter of megabytes (the body limit, the streamed upload,
// the readers' size cap), so a limit reads the same wherever it is refused.

const MB = 1024 * 1024;

/**
 * `bytes` in MB with its unit: `digits` decimals (none by default: limits are whole MB), two below 1 MB so a small
 * limit never reads "0 MB".
 */
export function mb(bytes: number, digits = 0): string {
  return `${(bytes / MB).toFixed(bytes < MB ? 2 : digits)} MB`;
}
