/** Bodies are refused past this size unless a client is given another cap. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** `33554432` → `32 MB`, `1536` → `1.5 KB` (binary units, written as people say them). */
export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
	if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
	return `${bytes} bytes`;
}

/** The one sentence every client gives for a body over its cap (RELIABILITY 8). */
export function tooLargeMessage(maxBytes: number): string {
	return `answer larger than ${formatBytes(maxBytes)} refused`;
}
