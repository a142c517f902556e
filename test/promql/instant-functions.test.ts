import {describe, expect, it} from 'vitest';
import {evalAt, storeOf} from './store-fixtures.js';

const store = storeOf([
	{labels: {__name__: 'temp', room: 'a', instance: 'host-1:9100'}, samples: [[0, -3.25]]},
	{labels: {__name__: 'temp', room: 'b', instance: 'host-2:9100'}, samples: [[0, 7.5]]},
	{labels: {__name__: 'info', worker: 'w1', mode: 'fast', agent_type: 'coder'}, samples: [[0, 1]]},
]);

const at = (query: string) => evalAt(query, store, 10);

describe('instant-vector functions', () => {
	it('abs, clamp_min, clamp_max, clamp and round drop the metric name', () => {
		expect(at('abs(temp)')).toEqual({'{instance="host-1:9100", room="a"}': 3.25, '{instance="host-2:9100", room="b"}': 7.5});
		expect(at('clamp_min(temp, 0)')).toEqual({'{instance="host-1:9100", room="a"}': 0, '{instance="host-2:9100", room="b"}': 7.5});
		expect(at('clamp_max(temp, 0)')).toEqual({'{instance="host-1:9100", room="a"}': -3.25, '{instance="host-2:9100", room="b"}': 0});
		expect(at('clamp(temp, -1, 1)')).toEqual({'{instance="host-1:9100", room="a"}': -1, '{instance="host-2:9100", room="b"}': 1});
		expect(at('clamp(temp, 1, -1)')).toEqual({});
		expect(at('round(temp)')).toEqual({'{instance="host-1:9100", room="a"}': -3, '{instance="host-2:9100", room="b"}': 8});
		expect(at('round(temp, 5)')).toEqual({'{instance="host-1:9100", room="a"}': -5, '{instance="host-2:9100", room="b"}': 10});
	});

	it('time, vector and scalar', () => {
		expect(at('time()')).toEqual({'{}': 10});
		expect(at('vector(time())')).toEqual({'{}': 10});
		expect(at('scalar(temp{room="a"})')).toEqual({'{}': -3.25});
		expect(at('scalar(temp)')).toEqual({'{}': Number.NaN});
		expect(at('time() - max by (room) (temp)')).toEqual({'{room="a"}': 13.25, '{room="b"}': 2.5});
		expect(at('timestamp(temp{room="a"})')).toEqual({'{instance="host-1:9100", room="a"}': 0});
	});

	it('absent returns 1 with the equality labels of a missing selector', () => {
		expect(at('absent(temp)')).toEqual({});
		expect(at('absent(nothing{job="x", a=~"y", b="1", b="2"})')).toEqual({'{job="x"}': 1});
		expect(at('absent(sum(nothing))')).toEqual({'{}': 1});
	});

	it('label_replace expands Go templates and deletes a label set to empty', () => {
		expect(at('label_replace(temp{room="a"}, "host", "$1", "instance", "(.*):\\\\d+")')).toEqual({'{__name__="temp", host="host-1", instance="host-1:9100", room="a"}': -3.25});
		expect(at('label_replace(temp{room="a"}, "x", "${1}y$1x$$", "room", "(a)")')).toEqual({'{__name__="temp", instance="host-1:9100", room="a", x="ay$"}': -3.25});
		expect(at('label_replace(temp{room="a"}, "x", "$name", "room", "(?P<name>.)")')).toEqual({'{__name__="temp", instance="host-1:9100", room="a", x="a"}': -3.25});
		expect(at('label_replace(temp{room="a"}, "room", "", "room", ".*")')).toEqual({'{__name__="temp", instance="host-1:9100"}': -3.25});
		expect(at('label_replace(temp{room="a"}, "x", "y", "room", "b")')).toEqual({'{__name__="temp", instance="host-1:9100", room="a"}': -3.25});
		expect(at('label_replace(vector(1), "quantile", "0.5", "", "")')).toEqual({'{quantile="0.5"}': 1});
		expect(at('label_replace(label_replace(temp, "room", "x", "", ""), "instance", "y", "", "")')).toEqual({error: 'vector cannot contain metrics with the same labelset'});
		expect(at('label_replace(temp, "1x", "y", "room", ".*")')).toEqual({error: 'invalid destination label name in label_replace(): 1x'});
	});

	it('label_join joins source labels, absent ones as empty', () => {
		expect(at('label_join(info, "worker", "/", "worker", "mode", "agent_type")')).toEqual({'{__name__="info", agent_type="coder", mode="fast", worker="w1/fast/coder"}': 1});
		expect(at('label_join(info, "x", "-", "nope", "mode")')).toEqual({'{__name__="info", agent_type="coder", mode="fast", worker="w1", x="-fast"}': 1});
	});

	it('sort and sort_desc order the result', () => {
		const order = (query: string) => Object.values(at(query) as Record<string, number>);
		expect(order('sort_desc(temp)')).toEqual([7.5, -3.25]);
		expect(order('sort(temp)')).toEqual([-3.25, 7.5]);
	});
});
