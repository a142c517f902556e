import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {coordinationServerRunbooks} from '../../source/runbooks/coordination-server.js';

/** The seed sits beside the repository: `../shared/seeds/…` relative to the repo root. */
const repoRoot = new URL('../../', import.meta.url);
const seedPath = fileURLToPath(new URL('../shared/seeds/000_3b8b7a76ac129f4e.txt', repoRoot));
const seed = readFileSync(seedPath, 'utf8');

const ALERTS = [
	'HighAPIErrorRate',
	'CoordinationServerDown',
	'HighTaskFailureRate',
	'HighAPILatency',
	'HighLockContention',
	'HighMemoryUsage',
	'HighEventLoopLag',
] as const;

const commands = (lang: 'sh' | 'promql') =>
	coordinationServerRunbooks.flatMap(runbook =>
		runbook.steps.flatMap(step => (step.commands ?? []).filter(command => command.lang === lang).map(command => ({alert: runbook.alert, code: command.code}))),
	);

describe('coordinationServerRunbooks', () => {
	it('reads the seed', () => {
		for (const alert of ALERTS) expect(seed).toContain(`alert: ${alert}`);
	});

	it.each(ALERTS)('has exactly one runbook for %s', alert => {
		expect(coordinationServerRunbooks.filter(runbook => runbook.alert === alert)).toHaveLength(1);
	});

	it('has no runbook for an alert the seed does not define', () => {
		expect(coordinationServerRunbooks.map(runbook => runbook.alert).sort()).toEqual([...ALERTS].sort());
	});

	it.each(coordinationServerRunbooks.map(runbook => [runbook.alert, runbook] as const))('%s is a complete built-in runbook', (_alert, runbook) => {
		expect(runbook.source).toBe('built-in');
		expect(runbook.title.length).toBeGreaterThan(0);
		expect(runbook.summary.length).toBeGreaterThan(0);
		expect(runbook.steps.length).toBeGreaterThanOrEqual(4);
		expect(runbook.steps.length).toBeLessThanOrEqual(7);
		for (const step of runbook.steps) {
			expect(step.title.length, step.title).toBeGreaterThan(0);
			expect(step.title.length, step.title).toBeLessThanOrEqual(70);
			expect(step.detail?.length ?? 0, step.title).toBeGreaterThan(0);
			for (const command of step.commands ?? []) expect(command.code.trim().length).toBeGreaterThan(0);
		}

		// The first step confirms the alert with a query.
		expect(runbook.steps[0]!.commands?.some(command => command.lang === 'promql')).toBe(true);
	});

	it('only queries metrics named in the seed', () => {
		const queries = commands('promql');
		expect(queries.length).toBeGreaterThan(0);
		for (const {alert, code} of queries) {
			for (const name of code.match(/coordination_server_[a-z_]+/g) ?? []) {
				const base = name.replace(/_(bucket|sum|count)$/, '');
				expect(seed, `${alert}: ${name}`).toContain(base);
			}
		}
	});

	it('only calls the endpoints the seed documents', () => {
		for (const {alert, code} of commands('sh')) {
			for (const [, path] of code.matchAll(/:3456(\/[\w/-]*)/g)) expect(['/health', '/metrics'], `${alert}: ${code}`).toContain(path);
		}
	});

	it('uses the container, job and port names of the seed', () => {
		for (const {code} of commands('sh')) {
			if (/\bdocker (logs|restart|start|stats|exec|ps)\b/.test(code)) expect(code).toMatch(/\b(coordination-server|prometheus)\b/);
			for (const [, port] of code.matchAll(/localhost:(\d+)/g)) expect(['3456', '9090']).toContain(port);
		}

		for (const {code} of commands('promql')) {
			for (const [, job] of code.matchAll(/job="([^"]*)"/g)) expect(job).toBe('ai-coordination-server');
		}
	});

	it('states the threshold of the alert rule in its confirming step', () => {
		const thresholds: Record<(typeof ALERTS)[number], string> = {
			HighAPIErrorRate: '5',
			CoordinationServerDown: '0',
			HighTaskFailureRate: '20',
			HighAPILatency: '1',
			HighLockContention: '10',
			HighMemoryUsage: '1',
			HighEventLoopLag: '0.1',
		};
		for (const runbook of coordinationServerRunbooks) {
			const first = runbook.steps[0]!;
			expect(`${first.title} ${first.detail ?? ''}`).toContain(thresholds[runbook.alert as (typeof ALERTS)[number]]);
		}
	});
});
