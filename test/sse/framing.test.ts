import {afterEach, describe, expect, it} from 'vitest';
import type {StreamClient} from '../../source/sse/stream-client.js';
import {waitFor} from '../helpers/wait-for.js';
import {loopback, openStream, recordingClient, sleep, type Loopback} from './helpers.js';

let server: Loopback | undefined;
let client: StreamClient | undefined;

afterEach(async () => {
	client?.stop();
	await server?.close();
	client = server = undefined;
});

const bytes = (text: string) => Buffer.from(text, 'utf8');
const ue = bytes('ü'); // C3 BC
const rocket = bytes('🚀'); // F0 9F 9A 80

/**
 * The raw SSE edge cases, written as separate TCP chunks 15 ms apart so every split lands where it is
 * written: a UTF-8 BOM before the first field, CRLF, CR alone, LF, a CRLF split between CR and LF,
 * multi-line `data:`, comments, and UTF-8 characters (2 and 4 bytes) split across chunks.
 */
const CHUNKS: Buffer[] = [
	Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('event: jobs\r\nid: 1\r\ndata: {"type":"claimed","jobId":"1","agentType":"Pr'), ue.subarray(0, 1)]),
	Buffer.concat([ue.subarray(1), bytes('fer"}\r\n\r\n')]),
	bytes('id: 2\revent: jobs\rdata: {"type":"completed",\rdata: "jobId":"2",\rdata: "agentType":"'),
	Buffer.concat([rocket.subarray(0, 2)]),
	Buffer.concat([rocket.subarray(2), bytes('"}\r\r')]),
	bytes(': a comment line\n\nid: 3\nevent: snapshot\ndata: {"jobs":\ndata: {"byStatus": {"queued": 7}}}\n\n'),
	bytes('id: 4\r'),
	bytes('\nevent: jobs\r\ndata: {"type":"failed","jobId":"4","error":"日本語'),
	bytes('"}\r'),
	bytes('\n\r\n'),
	bytes('data: an unnamed message is not a jobs event\n\n'),
];

describe('SSE framing through eventsource', () => {
	it('decodes BOM, CR/LF/CRLF, multi-line data and chunks split inside UTF-8 characters', async () => {
		server = await loopback(async (_req, res) => {
			openStream(res);
			for (const chunk of CHUNKS) {
				res.write(chunk);
				await sleep(15);
			}
		});
		const recording = recordingClient({url: server.url});
		client = recording.client;
		client.start();
		await waitFor(() => recording.seen.jobs.length >= 3, {intervalMs: 10});
		expect(recording.seen.jobs.map(({type, jobId, agentType, error}) => ({type, jobId, agentType, error}))).toEqual([
			{type: 'claimed', jobId: '1', agentType: 'Prüfer', error: undefined},
			{type: 'completed', jobId: '2', agentType: '🚀', error: undefined},
			{type: 'failed', jobId: '4', agentType: undefined, error: '日本語'},
		]);
		expect(recording.seen.snapshots.map(snapshot => snapshot.jobs?.byStatus?.queued)).toEqual([7]);
		expect(client.lastEventId).toBe('4');
		expect(client.state.badEvents).toBe(0);
		expect(server.requests).toHaveLength(1);
	});
});
