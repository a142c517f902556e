import {describe, expect, it} from 'vitest';
import {appendHistory} from '../../source/model/history.js';
import {share} from '../../source/model/share.js';

const TIMESTAMPS = new Set(['updatedAt']);

describe('share: structural sharing of unchanged data', () => {
	it('returns the previous value itself when the next one equals it deeply', () => {
		const previous = {status: 'ok', items: [{name: 'a', value: 1}, {name: 'b', value: Number.NaN}], nested: {list: [1, 2]}};
		const next = {status: 'ok', items: [{name: 'a', value: 1}, {name: 'b', value: Number.NaN}], nested: {list: [1, 2]}};
		expect(share(previous, next)).toBe(previous);
	});

	it('keeps the identity of every unchanged part, and takes what changed', () => {
		const previous = {agents: {items: [{name: 'a'}, {name: 'b'}]}, locks: {total: 3, items: [{name: 'x', value: 3}]}};
		const next = {agents: {items: [{name: 'a'}, {name: 'b'}]}, locks: {total: 4, items: [{name: 'x', value: 4}]}};
		const shared = share(previous, next);
		expect(shared).not.toBe(previous);
		expect(shared).toEqual(next);
		expect(shared.agents).toBe(previous.agents);
		expect(shared.locks).not.toBe(previous.locks);
		expect(shared.locks.items[0]).toEqual({name: 'x', value: 4});
	});

	it('sees added, removed and reordered entries, and arrays that grow or shrink', () => {
		const previous = {a: 1, b: 2, list: [1, 2, 3]};
		expect(share(previous, {a: 1, list: [1, 2, 3]})).toEqual({a: 1, list: [1, 2, 3]});
		expect(share(previous, {a: 1, b: 2, c: 3, list: [1, 2, 3]})).toEqual({a: 1, b: 2, c: 3, list: [1, 2, 3]});
		expect(share(previous, {a: 1, b: 2, list: [1, 2]}).list).toEqual([1, 2]);
		expect(share(previous, {a: 1, b: 2, list: [1, 2, 3, 4]}).list).toEqual([1, 2, 3, 4]);
		expect(share(previous, {a: 1, b: 2, list: [3, 2, 1]}).list).toEqual([3, 2, 1]);
		expect(share({a: undefined}, {})).toEqual({});
	});

	it('counts timestamps as a change unless told to ignore them, and then keeps the old ones', () => {
		const previous = {status: 'ok', items: [1], updatedAt: 1000};
		const next = {status: 'ok', items: [1], updatedAt: 3000};
		const exact = share(previous, next);
		expect(exact).not.toBe(previous);
		expect(exact.items).toBe(previous.items);
		expect(exact.updatedAt).toBe(3000);
		expect(share(previous, next, TIMESTAMPS)).toBe(previous);
		// Once something else changed, the new object carries the new time.
		expect(share(previous, {...next, items: [2]}, TIMESTAMPS)).toEqual({status: 'ok', items: [2], updatedAt: 3000});
	});

	it('compares anything but arrays and plain objects by identity', () => {
		const map = new Map([['a', 1]]);
		expect(share({values: map}, {values: new Map([['a', 1]])}).values).not.toBe(map);
		expect(share({values: map}, {values: map}).values).toBe(map);
	});
});

describe('appendHistory', () => {
	it('keeps a full, flat series as it is when the same value comes again: nothing new to draw', () => {
		const flat = Array.from({length: 60}, () => 5);
		expect(appendHistory(flat, 5)).toBe(flat);
		expect(appendHistory(flat, 6)).toEqual([...flat.slice(1), 6]);
		const growing = [5, 5];
		expect(appendHistory(growing, 5)).toEqual([5, 5, 5]);
		expect(appendHistory(growing, 5)).not.toBe(growing);
	});
});
