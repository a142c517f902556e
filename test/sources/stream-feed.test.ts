import {describe, expect, it} from 'vitest';
import {decorateWithStream} from '../../source/sources/stream-feed.js';
import type {SystemSnapshot, TablePane} from '../../source/model/types.js';

const table = (title: string, value: number): TablePane => ({title, status: 'ok', columns: [{name: 'v', unit: 'count'}], rows: [{name: 'r', values: [value], levels: ['neutral']}]});
const system = (profile: string, extras: TablePane[]): SystemSnapshot =>
	({profile, title: profile, up: {status: 'up', targets: [], describe: ''}, extras}) as unknown as SystemSnapshot;

describe('decorateWithStream', () => {
	it('adds the stream extras to the system it describes, replacing those of an earlier snapshot', () => {
		const polled = [system('coordination-server', [table('Other', 1)]), system('coding-team', [table('Jobs by mode', 2)])];
		const first = decorateWithStream(polled, system('coding-team', [table('Budget', 10), table('Ledger', 20)]));
		expect(first[0]).toBe(polled[0]);
		expect(first[1]!.extras.map(extra => extra.title)).toEqual(['Jobs by mode', 'Budget', 'Ledger']);
		const second = decorateWithStream(first, system('coding-team', [table('Budget', 11), table('Ledger', 21)]));
		expect(second[1]!.extras.map(extra => [extra.title, extra.rows[0]!.values[0]])).toEqual([['Jobs by mode', 2], ['Budget', 11], ['Ledger', 21]]);
	});

	it('leaves the systems alone before the first snapshot, or when the streamed system is not shown', () => {
		const polled = [system('dev-pipeline', [])];
		expect(decorateWithStream(polled, undefined)).toEqual(polled);
		expect(decorateWithStream(polled, system('coding-team', [table('Budget', 1)]))).toEqual(polled);
	});
});
