import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {AlertItem, AppState} from '../../source/model/types.js';
import {coordinationServer} from '../../source/profiles/coordination-server.js';
import {loadRunbookDirectory} from '../../source/runbooks/load-directory.js';
import {runbookFor} from '../../source/runbooks/match.js';
import {RunbookParseError} from '../../source/runbooks/parse-markdown.js';
import {initialState} from '../../source/sources/monitor.js';

function directory(files: Record<string, string>): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-runbooks-'));
	for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
	return dir;
}

const alert = (name: string, runbookUrl?: string): AlertItem => ({id: name, name, state: 'firing', severity: 'critical', summary: '', description: '', labels: {alertname: name, system: 'coordination-server'}, annotations: {}, runbookUrl});

describe('loadRunbookDirectory', () => {
	it('reads one <AlertName>.md per alert, matched without regard to case, and wins over the built-in runbook', () => {
		const dir = directory({'highapierrorrate.md': '# Our error runbook\n\nOurs.\n\n1. Page the on-call\n', 'README.txt': 'not a runbook', 'Other.MD': '# Other\n\n1. Do it\n'});
		mkdirSync(path.join(dir, 'sub.md'));
		const runbooks = loadRunbookDirectory(dir);
		expect(Object.keys(runbooks).sort()).toEqual(['highapierrorrate', 'other']);
		expect(runbooks.highapierrorrate).toMatchObject({source: 'directory', location: path.join(dir, 'highapierrorrate.md'), title: 'Our error runbook'});
		const state: AppState = {...initialState('x'), runbooks: {directory: runbooks, urls: {}}};
		expect(runbookFor(alert('HighAPIErrorRate'), state, [coordinationServer])?.title).toBe('Our error runbook');
		// Without the directory the built-in one answers; a URL runbook only where there is neither.
		expect(runbookFor(alert('HighAPIErrorRate'), initialState('x'), [coordinationServer])?.source).toBe('built-in');
		const fetched = {alert: 'X', title: 'From the wiki', summary: '', steps: [{title: 'Step'}], source: 'url' as const};
		const withUrl: AppState = {...state, runbooks: {directory: runbooks, urls: {'https://wiki/x.md': {state: 'ok', runbook: fetched}}}};
		expect(runbookFor(alert('Unknown', 'https://wiki/x.md'), withUrl, [coordinationServer])?.title).toBe('From the wiki');
		expect(runbookFor(alert('HighAPIErrorRate', 'https://wiki/x.md'), withUrl, [coordinationServer])?.title).toBe('Our error runbook');
	});

	it('names the file and line of a broken runbook, and the directory when it cannot be read', () => {
		const dir = directory({'Broken.md': '# Broken\n\n1. Step\n   ```promql\n   up\n'});
		expect(() => loadRunbookDirectory(dir)).toThrow(new RunbookParseError(`${path.join(dir, 'Broken.md')}:4: the code block opened here is never closed (\`\`\`)`));
		expect(() => loadRunbookDirectory(path.join(dir, 'nope'))).toThrow(`--runbooks ${path.join(dir, 'nope')}: cannot read the directory (ENOENT)`);
		const twice = directory({'A.md': '# A\n\n1. x\n', 'a.md': '# a\n\n1. y\n'});
		expect(() => loadRunbookDirectory(twice)).toThrow(/a\.md:1: A\.md is the runbook of the same alert/);
	});
});

describe('examples/runbooks', () => {
	it('parses, with live checks for its PromQL', () => {
		const runbooks = loadRunbookDirectory('examples/runbooks');
		const runbook = runbooks.highapierrorrate!;
		expect(runbook.title).toBe('API errors: our on-call steps');
		expect(runbook.steps.map(step => step.commands?.[0]?.lang)).toEqual(['promql', 'promql', 'sh', 'sh', 'promql']);
	});
});
