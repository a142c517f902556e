import {describe, expect, it} from 'vitest';
import type {AlertRuleInfo} from '../../source/model/evidence.js';
import {Store} from '../../source/model/store.js';
import type {AlertItem, AppState} from '../../source/model/types.js';
import {initialState} from '../../source/sources/monitor.js';
import type {Result, Sample} from '../../source/sources/prometheus-client.js';
import type {RangeSeries} from '../../source/sources/range-query.js';
import {EvidenceFeed} from '../../source/triage/evidence-feed.js';

const EXPR = 'coordination_server_active_locks > 10';
const RULE: AlertRuleInfo = {name: 'HighLockContention', group: 'locks', expr: EXPR, forMs: 300_000, health: 'ok', labels: {severity: 'warning'}};

function alert(agent: string, name = 'HighLockContention'): AlertItem {
	const labels = {alertname: name, agent, severity: 'warning'};
	return {id: `${name}{${agent}}`, name, state: 'firing', severity: 'warning', summary: '', description: '', labels, annotations: {}};
}

/** A settable backend counting what it is asked; `hold` keeps the next rules() answer until released. */
function fakeBackend() {
	const calls: string[] = [];
	const state = {
		rules: {ok: true, data: [RULE], warnings: []} as Result<AlertRuleInfo[]>,
		locks: {copilot: 14, claude: 4} as Record<string, number>,
		queryError: undefined as string | undefined,
		hold: undefined as Promise<void> | undefined,
		askedNames: undefined as readonly string[] | undefined,
	};
	const backend = {
		async rules(names?: readonly string[]): Promise<Result<AlertRuleInfo[]>> {
			calls.push('rules');
			state.askedNames = names;
			const answer = state.rules;
			await state.hold;
			return answer;
		},
		async query(promql: string): Promise<Result<Sample[]>> {
			calls.push(`query ${promql}`);
			if (state.queryError) return {ok: false, error: {kind: 'timeout', message: state.queryError, retryable: true}};
			// The expression's result: only agents over 10 locks.
			return {ok: true, data: Object.entries(state.locks).filter(([, value]) => value > 10).map(([agent, value]) => ({labels: {__name__: 'coordination_server_active_locks', agent}, value})), warnings: []};
		},
	};
	return {backend, calls, state};
}

const settle = async () => new Promise(resolve => setTimeout(resolve, 5));
/** What the monitor does at the end of a refresh. */
const refreshed = (store: Store<AppState>, at: number) => store.update(state => ({...state, updatedAt: at}));

function setUp(options: {range?: (promql: string, times: readonly number[]) => Promise<Result<RangeSeries[]>>; paused?: boolean} = {}) {
	const store = new Store<AppState>({...initialState('x'), paused: options.paused ?? false});
	const fake = fakeBackend();
	let now = 100_000;
	const clock = {
		set: (ms: number) => {
			now = ms;
		},
	};
	const feed = new EvidenceFeed({store, backend: fake.backend, range: options.range, intervalMs: 2000, now: () => now});
	feed.start();
	return {store, feed, clock, ...fake};
}

describe('EvidenceFeed', () => {
	it('reads nothing until an alert view opens, then the rule and the alert\'s value, and more with every refresh', async () => {
		const {store, feed, calls, clock, state} = setUp();
		refreshed(store, 1);
		await settle();
		expect(calls).toEqual([]);
		feed.watch(alert('copilot'));
		expect(store.getSnapshot().evidence).toEqual({alertId: 'HighLockContention{copilot}', rule: {state: 'loading'}, trend: {state: 'loading'}});
		await settle();
		expect(store.getSnapshot().evidence).toEqual({
			alertId: 'HighLockContention{copilot}',
			rule: {state: 'ok', rule: RULE},
			trend: {state: 'ok', values: [14], stepMs: 2000, from: 100_000, to: 100_000},
			updatedAt: 100_000,
		});
		// The same alert again (a re-render) reads nothing more.
		feed.watch(alert('copilot'));
		await settle();
		expect(calls).toEqual(['rules', `query ${EXPR}`]);
		expect(state.askedNames).toEqual(['HighLockContention']);
		state.locks.copilot = 9;
		clock.set(102_000);
		refreshed(store, 2);
		await settle();
		state.locks.copilot = 16;
		clock.set(104_000);
		refreshed(store, 3);
		await settle();
		expect(store.getSnapshot().evidence?.trend).toEqual({state: 'ok', values: [14, Number.NaN, 16], stepMs: 2000, from: 100_000, to: 104_000});
		expect(calls).toHaveLength(6);
		// Closed: the evidence goes, and refreshes read nothing more.
		feed.watch(undefined);
		expect(store.getSnapshot()).not.toHaveProperty('evidence');
		refreshed(store, 4);
		await settle();
		expect(calls).toHaveLength(6);
	});

	it('reads nothing while paused; a view opened while paused is read on resume', async () => {
		const {store, feed, calls} = setUp({paused: true});
		feed.watch(alert('copilot'));
		refreshed(store, 1);
		await settle();
		expect(calls).toEqual([]);
		expect(store.getSnapshot().evidence?.rule).toEqual({state: 'loading'});
		store.update(state => ({...state, paused: false}));
		await settle();
		expect(calls).toEqual(['rules', `query ${EXPR}`]);
		expect(store.getSnapshot().evidence?.trend).toMatchObject({state: 'ok', values: [14]});
	});

	it('drops the answer for an alert no longer on screen, and a refresh while a read is under way', async () => {
		const {store, feed, calls, state} = setUp();
		let release!: () => void;
		state.hold = new Promise(resolve => (release = resolve));
		feed.watch(alert('copilot'));
		refreshed(store, 1);
		await settle();
		expect(calls).toEqual(['rules']);
		state.hold = undefined;
		state.rules = {ok: true, data: [{...RULE, name: 'Other', group: 'other'}], warnings: []};
		feed.watch(alert('x', 'Other'));
		await settle();
		release();
		await settle();
		const evidence = store.getSnapshot().evidence;
		expect(evidence?.alertId).toBe('Other{x}');
		expect(evidence?.rule).toMatchObject({state: 'ok', rule: {group: 'other'}});
		// The series of Other's rule that is agent x does not exist: NaN, not copilot's 14.
		expect(evidence?.trend).toMatchObject({state: 'ok', values: [Number.NaN]});
	});

	it('says why when the rule is not found, or the rules cannot be read', async () => {
		const {store, feed, state} = setUp();
		state.rules = {ok: true, data: [], warnings: []};
		feed.watch(alert('copilot'));
		await settle();
		expect(store.getSnapshot().evidence).toMatchObject({
			rule: {state: 'missing', reason: expect.stringMatching(/^no alerting rule named HighLockContention in \/api\/v1\/rules/)},
			trend: {state: 'unavailable', reason: 'no alerting rule to take the expression from'},
		});
		state.rules = {ok: false, error: {kind: 'http', httpStatus: 503, message: 'HTTP 503: Service Unavailable', retryable: true}};
		feed.watch(alert('claude'));
		await settle();
		expect(store.getSnapshot().evidence).toMatchObject({
			rule: {state: 'error', message: 'HTTP 503: Service Unavailable'},
			trend: {state: 'error', message: 'the rule could not be read: HTTP 503: Service Unavailable'},
		});
	});

	it('keeps what it read when a later refresh fails, saying so, and does not call that up to date', async () => {
		const {store, feed, state, clock} = setUp();
		feed.watch(alert('copilot'));
		await settle();
		state.rules = {ok: false, error: {kind: 'timeout', message: 'timed out after 2s', retryable: true}};
		state.queryError = 'timed out after 2s';
		clock.set(102_000);
		refreshed(store, 1);
		await settle();
		expect(store.getSnapshot().evidence).toEqual({
			alertId: 'HighLockContention{copilot}',
			rule: {state: 'ok', rule: RULE, refreshError: 'timed out after 2s'},
			trend: {state: 'ok', values: [14], stepMs: 2000, from: 100_000, to: 100_000, refreshError: 'timed out after 2s'},
			updatedAt: 100_000,
		});
	});

	it('backfills the trend from a range query when there is one, over max(15m, 4 × for)', async () => {
		const asked: Array<{promql: string; times: readonly number[]}> = [];
		const range = async (promql: string, times: readonly number[]): Promise<Result<RangeSeries[]>> => {
			asked.push({promql, times});
			return {ok: true, warnings: [], data: [
				{labels: {agent: 'claude'}, values: new Map([[times[0]!, 50]])},
				{labels: {agent: 'copilot'}, values: new Map([[times[58]!, 12], [times[59]!, 13]])},
			]};
		};
		const {store, feed, calls, clock} = setUp({range});
		clock.set(1_000_000_000);
		feed.watch(alert('copilot'));
		await settle();
		expect(asked).toHaveLength(1);
		const {times} = asked[0]!;
		// for: 5m → 20 minutes in 60 points, whole seconds.
		expect(times).toHaveLength(60);
		expect(times[1]! - times[0]!).toBe(21_000);
		expect(times.at(-1)).toBe(1_000_000_000);
		const trend = store.getSnapshot().evidence?.trend;
		expect(trend).toMatchObject({state: 'ok', stepMs: 21_000, from: times[0], to: times[59]});
		expect(trend?.state === 'ok' && trend.values.slice(-3)).toEqual([Number.NaN, 12, 13]);
		expect(calls).toEqual(['rules']);
		// A refresh within the step replaces the newest point with the value now.
		clock.set(1_000_002_000);
		refreshed(store, 1);
		await settle();
		const next = store.getSnapshot().evidence?.trend;
		expect(next?.state === 'ok' && [next.values.length, ...next.values.slice(-2)]).toEqual([60, 12, 14]);
		expect(asked).toHaveLength(1);
	});

	it('without a source to ask (a stream alone), says so once and asks nothing', async () => {
		const store = new Store<AppState>(initialState('x', 'sse'));
		const feed = new EvidenceFeed({store, intervalMs: 1000});
		feed.start();
		feed.watch(alert('copilot'));
		await settle();
		const evidence = store.getSnapshot().evidence;
		expect(evidence?.rule).toMatchObject({state: 'missing', reason: expect.stringContaining('event stream')});
		expect(evidence?.trend).toMatchObject({state: 'unavailable', reason: expect.stringContaining('event stream')});
		refreshed(store, 5);
		await settle();
		expect(store.getSnapshot().evidence).toBe(evidence);
		feed.stop();
	});
});
