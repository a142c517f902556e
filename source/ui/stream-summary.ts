import {formatAge} from '../model/format.js';
import type {StreamStatus} from '../model/types.js';

/** A stream's state in a few words: `live`, `reconnecting in 3s (dropped)`, `stopped: HTTP 500`. */
export function streamSummary(status: StreamStatus, now: number): string {
	switch (status.state) {
		case 'connecting':
			return 'connecting…';
		case 'live':
			return `live · last event ${formatAge(Math.max(0, now - status.lastEventAt))} ago`;
		case 'stale':
			return `stale: nothing for ${formatAge(Math.max(0, now - status.lastByteAt))}`;
		case 'reconnecting':
			return `reconnecting in ${Math.max(0, Math.ceil((status.retryAt - now) / 1000))}s (${status.reason})`;
		case 'stopped':
			return `stopped: ${status.reason}`;
	}
}

/** The stream's state for the header, in as few words as possible: `SSE live`, `SSE reconnecting 3s`. */
export function streamBadge(status: StreamStatus, now: number): string {
	switch (status.state) {
		case 'connecting':
			return 'SSE connecting';
		case 'live':
			return 'SSE live';
		case 'stale':
			return `SSE stale ${formatAge(Math.max(0, now - status.lastByteAt))}`;
		case 'reconnecting':
			return `SSE reconnecting in ${Math.max(0, Math.ceil((status.retryAt - now) / 1000))}s`;
		case 'stopped':
			return `SSE stopped: ${status.reason}`;
	}
}
