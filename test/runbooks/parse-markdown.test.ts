import {describe, expect, it} from 'vitest';
import {allProfiles} from '../../source/profiles/registry.js';
import {profileRunbooksMarkdown} from '../../source/runbooks/markdown.js';
import {headingSlug, parseRunbookMarkdown, RunbookParseError} from '../../source/runbooks/parse-markdown.js';

const options = {file: 'runbooks/HighAPIErrorRate.md', alert: 'HighAPIErrorRate', source: 'directory' as const};

const EXAMPLE = `# API errors above 5%

More than 5% of the API requests fail.
Agents see errors.

Read this first.

1. Confirm the error rate
   The alert expression, in percent; it should be below 5%.

   \`\`\`promql
   100 * sum(rate(coordination_server_api_requests_total{status_code!~"2.."}[5m]))
       / sum(rate(coordination_server_api_requests_total[5m]))
   \`\`\`
2. **Check the health endpoint.** A refused connection means the process is down.
   - look at the logs
   - and the restarts

   \`\`\`bash
   curl -sS http://localhost:3456/health
   \`\`\`
   \`\`\`
   docker logs --since 15m coordination-server
   \`\`\`
3) Restart it
Lazy continuation lines count as detail too.

## Notes

This section belongs to no step.
`;

describe('parseRunbookMarkdown', () => {
	it('reads the title, summary, numbered steps, details and fenced commands', () => {
		const runbook = parseRunbookMarkdown(EXAMPLE, options);
		expect(runbook).toMatchObject({alert: 'HighAPIErrorRate', title: 'API errors above 5%', summary: 'More than 5% of the API requests fail. Agents see errors.', source: 'directory', location: 'runbooks/HighAPIErrorRate.md'});
		expect(runbook.steps.map(step => step.title)).toEqual(['Confirm the error rate', 'Check the health endpoint', 'Restart it']);
		expect(runbook.steps[0]!.detail).toBe('The alert expression, in percent; it should be below 5%.');
		expect(runbook.steps[0]!.commands).toEqual([
			{
				lang: 'promql',
				code: '100 * sum(rate(coordination_server_api_requests_total{status_code!~"2.."}[5m]))\n    / sum(rate(coordination_server_api_requests_total[5m]))',
			},
		]);
		expect(runbook.steps[1]!.detail).toBe('A refused connection means the process is down.\n- look at the logs\n- and the restarts');
		// bash and an untagged block both count as shell.
		expect(runbook.steps[1]!.commands).toEqual([
			{lang: 'sh', code: 'curl -sS http://localhost:3456/health'},
			{lang: 'sh', code: 'docker logs --since 15m coordination-server'},
		]);
		expect(runbook.steps[2]).toEqual({title: 'Restart it', detail: 'Lazy continuation lines count as detail too.'});
	});

	it('names the file and line of what it cannot read', () => {
		const error = (text: string) => {
			try {
				parseRunbookMarkdown(text, options);
			} catch (caught) {
				expect(caught).toBeInstanceOf(RunbookParseError);
				return (caught as Error).message;
			}
			throw new Error('no error');
		};
		expect(error('# Title\n\nJust prose, no steps.\n')).toBe('runbooks/HighAPIErrorRate.md:1: no numbered steps: a runbook needs a list such as "1. Check the error rate"');
		expect(error('# Title\n\n1. Step\n\n   ```promql\n   up\n')).toBe('runbooks/HighAPIErrorRate.md:5: the code block opened here is never closed (```)');
		expect(error('# Title\n\n```sh\nls\n```\n\n1. Step\n')).toBe('runbooks/HighAPIErrorRate.md:3: a code block before the first numbered step; put it under the step it belongs to');
		expect(error('# T\n\n1. One\n2.  \n')).toBe('runbooks/HighAPIErrorRate.md:4: step 2 has no title');
	});

	it('shows hostile text visibly: escape sequences, bidi controls, OSC 52 and CR never reach the terminal', () => {
		const hostile = '# Title \u001B]52;c;ZXZpbA==\u0007 \u202Eevil\n\nSummary \u001B[2J\r cleared\n\n1. Step \u009B31m red\n   detail \u001B]8;;http://x\u0007link\u001B]8;;\u0007\n   ```promql\n   up \u001B[31m\n   ```\n';
		const runbook = parseRunbookMarkdown(hostile, options);
		const all = JSON.stringify(runbook);
		for (const raw of ['\u001B', '\u0007', '\u009B', '\u202E', '\r']) expect(all).not.toContain(raw);
		expect(runbook.title).toBe('Title \\x1b]52;c;ZXZpbA==\\x07 <U+202E>evil');
		expect(runbook.summary).toBe('Summary \\x1b[2J\\r cleared');
		expect(runbook.steps[0]!.commands![0]!.code).toBe('up \\x1b[31m');
	});

	it('reads only the section a URL fragment names, as in the generated docs/runbooks files', () => {
		for (const profile of allProfiles()) {
			const doc = profileRunbooksMarkdown(profile);
			for (const builtIn of profile.runbooks) {
				const parsed = parseRunbookMarkdown(doc, {file: `${profile.id}.md`, alert: builtIn.alert, source: 'url', fragment: headingSlug(builtIn.alert)});
				expect(parsed.title, builtIn.alert).toBe(builtIn.title);
				expect(parsed.steps.map(step => step.title)).toEqual(builtIn.steps.map(step => step.title));
				expect(parsed.steps.map(step => step.commands ?? [])).toEqual(builtIn.steps.map(step => step.commands ?? []));
			}
		}
	});

	it.each([
		['escape sequences', '\u001B[31m'],
		['unclosed links', '[a]('],
		['unclosed bold', '**a'],
		['backticks', '`'],
		['list markers', '1. '],
	])('reads a megabyte of %s in well under a second', (_, unit) => {
		const text = `# T\n\n1. Step\n   ${unit.repeat(Math.ceil(1_000_000 / unit.length))}\n`;
		const started = performance.now();
		try {
			parseRunbookMarkdown(text, options);
		} catch (error) {
			// A run of backticks opens a code block that never closes: refused, quickly.
			expect(error).toBeInstanceOf(RunbookParseError);
		}
		expect(performance.now() - started).toBeLessThan(1000);
	});
});

describe('TABs in runbook text', () => {
	it('become spaces to the next tab stop, so the terminal and Ink agree on widths', async () => {
		const {expandTabs} = await import('../../source/runbooks/expand-tabs.js');
		expect(expandTabs('a\tb\n\tc\tdd\te')).toBe('a   b\n    c   dd  e');
		const runbook = parseRunbookMarkdown('# T\n\n1. Step\n\tdetail\twith tab\n\t```sh\n\tls\t-l\n\t```\n', options);
		expect(runbook.steps[0]).toEqual({title: 'Step', detail: 'detail  with tab', commands: [{lang: 'sh', code: 'ls  -l'}]});
	});
});

describe('headings', () => {
	it('drop a closing run of # after a blank, keep a # that is part of the text', () => {
		const title = (heading: string) => parseRunbookMarkdown(`${heading}\n1. step\n`, {file: 'f', alert: 'A', source: 'directory'}).title;
		expect(title('# Lock check ##')).toBe('Lock check');
		expect(title('## C# runbook')).toBe('C# runbook');
		expect(title('# C#')).toBe('C#');
		expect(title('#   spaced   out   #  ')).toBe('spaced   out');
	});
});
