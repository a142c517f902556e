import {describe, expect, it} from 'vitest';
import {distinguishingLabels} from '../../source/model/alert-labels.js';
import type {AlertItem} from '../../source/model/types.js';

const alert = (name: string, labels: Record<string, string>): AlertItem => ({
	id: `${name}${JSON.stringify(labels)}`,
	name,
	state: 'firing',
	severity: 'warning',
	summary: '',
	description: '',
	labels: {alertname: name, ...labels},
	annotations: {},
});

describe('distinguishingLabels', () => {
	it('names the labels that tell alerts of one name apart', () => {
		const a = alert('HighLockContention', {agent: 'copilot', job: 'x'});
		const b = alert('HighLockContention', {agent: 'claude-code', job: 'x'});
		const c = alert('HighAPILatency', {endpoint: '/api/tasks'});
		const result = distinguishingLabels([a, b, c]);
		expect(result.get(a.id)).toBe('agent=copilot');
		expect(result.get(b.id)).toBe('agent=claude-code');
		expect(result.get(c.id)).toBe('');
	});
});
