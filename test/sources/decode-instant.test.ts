import {describe, expect, it} from 'vitest';
import {decodeInstant} from '../../source/sources/prometheus-client.js';

describe('decodeInstant', () => {
	it('keeps the labels in order with __name__ last, sanitised, and leaves the answer untouched', () => {
		const metric = {__name__: 'up\u001B[2J', job: 'coord', instance: '127.0.0.1:1'};
		const answer = {resultType: 'vector', result: [{metric, value: [1, '1']}, {metric: {job: 'x'}, value: [1, '+Inf']}]};
		const {samples} = decodeInstant(answer);
		expect(samples).toEqual([
			{labels: {job: 'coord', instance: '127.0.0.1:1', __name__: expect.not.stringContaining('\u001B') as unknown}, value: 1},
			{labels: {job: 'x'}, value: Number.POSITIVE_INFINITY},
		]);
		expect(Object.keys(samples[0]!.labels)).toEqual(['job', 'instance', '__name__']);
		expect(metric.__name__).toBe('up\u001B[2J');
	});

	it('gives a label key that only sanitises to __name__ way to the real name', () => {
		const {samples} = decodeInstant({resultType: 'vector', result: [{metric: {'__name__\u0007': 'fake', __name__: 'real'}, value: [1, '2']}]});
		expect(samples[0]!.labels.__name__).toBe('real');
	});
});
