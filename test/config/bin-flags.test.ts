import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('the V8 flags agentmon runs with (issue 7)', () => {
	it('are the same on the bin’s shebang line and in `npm start`', () => {
		const shebang = /^#!\/usr\/bin\/env -S node (.*)$/.exec(read('source/cli.ts').split('\n', 1)[0]!)?.[1];
		const start = /^node (.*) dist\/cli\.js$/.exec((JSON.parse(read('package.json')) as {scripts: {start: string}}).scripts.start)?.[1];
		expect(shebang).toBeDefined();
		expect(start).toBe(shebang);
	});
});
