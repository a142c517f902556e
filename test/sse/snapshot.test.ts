import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {decodeJobEvent, decodeSnapshot, MAX_AGENTS, MAX_SNAPSHOT_CHARS, MAX_TIMESERIES_POINTS, type StreamSnapshot} from '../../source/sse/snapshot.js';
import {activityItem, streamSystem} from '../../source/sse/stream-model.js';
import {FORBIDDEN} from './helpers.js';

fc.configureGlobal({seed: process.env.FC_SEED === 'random' ? Date.now() : Number(process.env.FC_SEED ?? 20_261_123)});

const ok = <T>(decoded: {ok: true; value: T} | {ok: false; reason: string}): T => {
	if (!decoded.ok) throw new Error(decoded.reason);
	return decoded.value;
};

/** Every string a decoded value holds (keys of count maps included). */
function strings(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
	return [];
}

describe('decodeSnapshot', () => {
	it('decodes the seed shape, timestamps to ms, maps to counts largest first', () => {
		const snapshot = ok(
			decodeSnapshot(
				JSON.stringify({
					timestamp: '2024-01-15T10:30:00.000Z',
					jobs: {total: 30, byStatus: {queued: 12, running: 3, completed: 14, failed: 1}, byMode: {mechanic: 20, genius: 10}, avgDuration: 45_230, successRate: 0.93},
					agents: {totalEvents: 10, byAgent: {reviewer: 3, coder: 7}, toolCalls: 4, errorRate: 0.1},
					timeseries: [{timestamp: 1_705_314_600, jobsCreated: 2}],
					extra: {ignored: true},
				}),
				99,
			),
		);
		expect(snapshot.timestamp).toBe(Date.parse('2024-01-15T10:30:00.000Z'));
		expect(snapshot.receivedAt).toBe(99);
		expect(snapshot.jobs?.byMode?.entries).toEqual([
			{name: 'mechanic', value: 20},
			{name: 'genius', value: 10},
		]);
		expect(snapshot.agents?.byAgent).toEqual({entries: [{name: 'coder', value: 7}, {name: 'reviewer', value: 3}], dropped: 0});
		expect(snapshot.timeseries).toEqual([{timestamp: 1_705_314_600_000, jobsCreated: 2}]);
		expect(snapshot).not.toHaveProperty('extra');
	});

	it('drops unusable fields (negative, infinite, out of range, wrong type) and keeps the rest', () => {
		const snapshot = ok(decodeSnapshot('{"jobs": {"total": -1, "avgDuration": 1e999, "successRate": 1.5, "byStatus": {"queued": "7", "running": 2}}, "budget": null}', 0));
		expect(snapshot.jobs).toEqual({byStatus: {running: 2}});
		expect(snapshot.budget).toBeUndefined();
	});

	it('refuses what is not a snapshot, saying why', () => {
		expect(decodeSnapshot('nope', 0)).toEqual({ok: false, reason: 'snapshot is not JSON'});
		expect(decodeSnapshot('[1,2]', 0)).toEqual({ok: false, reason: 'snapshot is not a JSON object'});
		expect(decodeSnapshot('{"hello": 1}', 0)).toMatchObject({ok: false, reason: expect.stringMatching(/^snapshot has none of jobs/)});
		expect(decodeSnapshot(`{"jobs": {"total": 1}, "pad": "${'x'.repeat(MAX_SNAPSHOT_CHARS)}"}`, 0)).toEqual({ok: false, reason: 'snapshot larger than 64 KiB'});
	});

	it('caps agents and timeseries, and sanitises every name', () => {
		const byAgent = Object.fromEntries(Array.from({length: 250}, (_, index) => [`agent-${index}\u001B[31m`, index]));
		const timeseries = Array.from({length: 150}, (_, index) => ({timestamp: 1_700_000_000_000 + index, jobsCreated: index}));
		const snapshot = ok(decodeSnapshot(JSON.stringify({agents: {byAgent}, timeseries}), 0));
		expect(snapshot.agents?.byAgent?.entries).toHaveLength(MAX_AGENTS);
		expect(snapshot.agents?.byAgent?.dropped).toBe(50);
		expect(snapshot.agents?.byAgent?.entries[0]).toEqual({name: 'agent-249\\x1b[31m', value: 249});
		expect(snapshot.timeseries).toHaveLength(MAX_TIMESERIES_POINTS);
		expect(snapshot.timeseries?.at(-1)?.jobsCreated).toBe(149);
		const proto = ok(decodeSnapshot('{"agents": {"byAgent": {"__proto__": 3, "constructor": 1}}}', 0));
		expect(proto.agents?.byAgent?.entries.map(entry => entry.name)).toEqual(['__proto__', 'constructor']);
	});
});

describe('decodeJobEvent', () => {
	it('needs a type and a job id; numbers become strings, the rest is optional', () => {
		expect(ok(decodeJobEvent('{"type":"completed","jobId":1234,"durationMs":42000,"tokens":12345,"at":"2024-01-15T10:30:00Z"}', 5))).toEqual({
			type: 'completed',
			jobId: '1234',
			durationMs: 42_000,
			tokens: 12_345,
			at: Date.parse('2024-01-15T10:30:00Z'),
			receivedAt: 5,
		});
		expect(decodeJobEvent('{"jobId":"1"}', 0)).toMatchObject({ok: false, reason: expect.stringMatching(/^jobs event type: /)});
		expect(decodeJobEvent('{"type":"claimed","jobId":""}', 0)).toEqual({ok: false, reason: 'jobs event jobId: empty'});
		expect(decodeJobEvent('"claimed"', 0)).toMatchObject({ok: false});
	});
});

/** JSON-ish values with hostile strings in keys and values, shaped enough like a snapshot to reach deep. */
const hostile = fc.string({unit: fc.oneof(fc.constantFrom('\u001B', '\u009B', '\u0007', '\r', '\n', '\u202E', '\u200B', '\uD800', '['), fc.string({unit: 'grapheme', maxLength: 1})), maxLength: 40});
const leaf = fc.oneof(fc.double(), fc.integer(), hostile, fc.boolean(), fc.constant(null));
const map = fc.dictionary(hostile, leaf, {maxKeys: 20});
const section = fc.oneof(map, fc.record({byStatus: map, byMode: map, byAgent: map, byRole: map, byCategory: map}, {requiredKeys: []}), leaf);
const snapshotLike = fc.record(
	{timestamp: leaf, jobs: section, agents: section, budget: section, conversations: section, system: section, insights: section, timeseries: fc.array(fc.oneof(map, leaf), {maxLength: 5})},
	{requiredKeys: []},
);
const jobLike = fc.record({type: fc.oneof(hostile, leaf), jobId: fc.oneof(hostile, leaf), mode: leaf, agentType: leaf, durationMs: leaf, tokens: leaf, error: leaf, at: leaf}, {requiredKeys: []});

describe('property: the decoders never throw and never let a control character through', () => {
	it('decodeSnapshot and streamSystem accept anything', () => {
		fc.assert(
			fc.property(fc.oneof(fc.jsonValue().map(value => JSON.stringify(value)), snapshotLike.map(value => JSON.stringify(value)), fc.string()), data => {
				const decoded = decodeSnapshot(data, 0);
				if (!decoded.ok) {
					expect(decoded.reason).not.toMatch(FORBIDDEN);
					return;
				}
				const value: StreamSnapshot = decoded.value;
				for (const text of strings(value)) expect(text).not.toMatch(FORBIDDEN);
				const system = streamSystem(value, 0, 'http://127.0.0.1:3000/api/metrics/stream');
				for (const text of strings(system)) expect(text).not.toMatch(FORBIDDEN);
			}),
			{numRuns: 400},
		);
	});

	it('decodeJobEvent and activityItem accept anything', () => {
		fc.assert(
			fc.property(fc.oneof(fc.jsonValue().map(value => JSON.stringify(value)), jobLike.map(value => JSON.stringify(value)), fc.string()), data => {
				const decoded = decodeJobEvent(data, 0);
				if (decoded.ok) expect(activityItem(decoded.value).text).not.toMatch(FORBIDDEN);
				else expect(decoded.reason).not.toMatch(FORBIDDEN);
			}),
			{numRuns: 400},
		);
	});
});
