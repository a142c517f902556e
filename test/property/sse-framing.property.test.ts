import {EventSource, type FetchLike} from 'eventsource';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {decodeJobEvent, decodeSnapshot} from '../../source/sse/snapshot.js';
import {withinTimeAsync} from './time-bound.js';

// RELIABILITY 12, as a property: however the bytes of a valid event stream are cut into chunks (inside a
// UTF-8 character, between the CR and LF of a CRLF, after a BOM byte …), the events that come out are
// the same, and the ones the model of the stream says. The stream goes through eventsource 4.1, the
// parser StreamClient uses, with the body handed over chunk by chunk as node-fetch.ts hands it
// (a web ReadableStream); no sockets, so each run takes milliseconds.
fc.configureGlobal({seed: process.env.FC_SEED === 'random' ? Date.now() : Number(process.env.FC_SEED ?? 20_261_123)});

const BOUND_MS = 50;

type Event = {type: string; data: string; lastEventId: string};
type Field = {name: 'id' | 'event' | 'data' | 'retry' | 'comment'; value: string};
type Block = {fields: Field[]; type: string; data: string[]; id?: string};

/** Text of a field value: any character but CR, LF and NUL (multi-byte ones included), no lone surrogate. */
const value = fc.string({unit: fc.oneof(fc.constantFrom('{', '}', '"', ':', ' ', 'é', 'ü', '日', '🚀', '\u202E', '\u001B', '\t', 'a'), fc.string({unit: 'grapheme', maxLength: 1}).filter(char => !/[\r\n\0]/.test(char))), maxLength: 40});
const eol = fc.constantFrom('\n', '\r', '\r\n');

/** One event: its data lines (at least one, non-empty: an event without data is not dispatched), type and id, and comments or `retry:` in between. */
const block: fc.Arbitrary<Block> = fc
	.record({
		type: fc.constantFrom('jobs', 'snapshot', 'message', undefined, 'other'),
		id: fc.option(value.filter(id => !id.includes('\0')), {nil: undefined}),
		data: fc.array(value.filter(line => line !== ''), {minLength: 1, maxLength: 4}),
		comments: fc.array(value, {maxLength: 2}),
		retry: fc.option(fc.integer({min: 0, max: 100_000}), {nil: undefined}),
	})
	.chain(({type, id, data, comments, retry}) => {
		const fields: Field[] = [
			...(type === undefined ? [] : [{name: 'event' as const, value: type}]),
			...(id === undefined ? [] : [{name: 'id' as const, value: id}]),
			...data.map(line => ({name: 'data' as const, value: line})),
			...comments.map(comment => ({name: 'comment' as const, value: comment})),
			...(retry === undefined ? [] : [{name: 'retry' as const, value: String(retry)}]),
		];
		return fc.shuffledSubarray(fields, {minLength: fields.length, maxLength: fields.length}).map(order => {
			// Shuffling may reorder the data lines: the model reads them in the order written.
			const written = order.filter(field => field.name === 'data').map(field => field.value);
			return {fields: order, type: type ?? 'message', data: written, id};
		});
	});

/** The stream as bytes, with the line ending of each line drawn separately, maybe a BOM, and what the events must be. */
const stream = fc.record({blocks: fc.array(block, {minLength: 1, maxLength: 12}), bom: fc.boolean(), eols: fc.array(eol, {minLength: 64, maxLength: 64})}).map(({blocks, bom, eols}) => {
	let text = bom ? '\uFEFF' : '';
	let line = 0;
	let previous = '';
	const end = () => (previous = eols[line++ % eols.length]!);
	const events: Event[] = [];
	for (const item of blocks) {
		for (const field of item.fields) text += `${field.name === 'comment' ? ':' : `${field.name}:`} ${field.value}${end()}`;
		// The blank line ending the event. After a CR an LF alone would complete a CRLF, not make a blank
		// line; and a lone CR at the very end could still be the start of a CRLF: the last one ends with LF.
		const before = previous;
		let blank = end();
		if ((before === '\r' && blank === '\n') || (item === blocks.at(-1) && blank === '\r')) blank = '\r\n';
		previous = blank;
		text += blank;
		// eventsource gives each event its own id (or ''), not the id carried over from earlier events as the
		// spec's MessageEvent has it; StreamClient keeps the last non-empty one itself for Last-Event-ID.
		events.push({type: item.type, data: item.data.join('\n'), lastEventId: item.id ?? ''});
	}
	return {bytes: new Uint8Array(Buffer.from(text, 'utf8')), events};
});

/** Cut points into `length` bytes: none, some, or every byte its own chunk. */
function chunk(bytes: Uint8Array, cuts: number[], everyByte: boolean): Uint8Array[] {
	if (everyByte) return Array.from(bytes, byte => Uint8Array.of(byte));
	const points = [...new Set(cuts.map(cut => (bytes.length > 1 ? 1 + (cut % (bytes.length - 1)) : 0)))].filter(point => point > 0).sort((a, b) => a - b);
	const chunks: Uint8Array[] = [];
	let start = 0;
	for (const point of [...points, bytes.length]) {
		chunks.push(bytes.slice(start, point));
		start = point;
	}
	return chunks;
}

const LISTENED = ['jobs', 'snapshot', 'message'];

/** Runs `chunks` through eventsource as one response body; resolves with the events once the body has ended. */
async function events(chunks: readonly Uint8Array[]): Promise<Event[]> {
	const seen: Event[] = [];
	let calls = 0;
	const fetch: FetchLike = async url => {
		calls++;
		if (calls > 1) throw new Error('no reconnection expected');
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				for (const piece of chunks) controller.enqueue(piece);
				controller.close();
			},
		});
		return {url: String(url), status: 200, redirected: false, headers: {get: (name: string) => (name.toLowerCase() === 'content-type' ? 'text/event-stream' : null)}, body};
	};
	return new Promise(resolve => {
		const source = new EventSource('http://stream.invalid/api/metrics/stream', {fetch});
		for (const type of LISTENED) source.addEventListener(type, event => seen.push({type, data: event.data as string, lastEventId: event.lastEventId}));
		// The body ended: eventsource reports it before waiting to reconnect.
		source.addEventListener('error', () => {
			source.close();
			resolve(seen);
		});
	});
}

describe('property: SSE framing', () => {
	it('any chunking of a valid stream gives the same events, the ones written', async () => {
		await fc.assert(
			fc.asyncProperty(stream, fc.array(fc.nat(), {maxLength: 60}), fc.boolean(), async ({bytes, events: written}, cuts, everyByte) => {
				const expected = written.filter(event => LISTENED.includes(event.type));
				const whole = await events([bytes]);
				expect(whole).toEqual(expected);
				const pieces = chunk(bytes, cuts, everyByte && bytes.length < 4000);
				const cut = await withinTimeAsync(async () => events(pieces), BOUND_MS);
				expect(cut).toEqual(whole);
				// What StreamClient does next never throws either.
				for (const event of cut) (event.type === 'snapshot' ? decodeSnapshot : decodeJobEvent)(event.data, 0);
			}),
			{numRuns: 200},
		);
	});
});
