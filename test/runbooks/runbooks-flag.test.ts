import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseCli} from '../../source/config/cli-flags.js';
import {loadContext} from '../../source/config/config-file.js';

describe('--runbooks', () => {
	it('is a flag, and a runbooks key of a config file context that the flag overrides', () => {
		expect(parseCli(['--runbooks', './runbooks'], {})).toMatchObject({kind: 'run', config: {runbooksDir: './runbooks'}});
		expect(parseCli(['--runbooks'], {})).toEqual({kind: 'usage-error', message: '--runbooks needs a value.'});
		const home = mkdtempSync(path.join(os.tmpdir(), 'agentmon-config-'));
		mkdirSync(path.join(home, 'agentmon'));
		writeFileSync(path.join(home, 'agentmon', 'config.yaml'), 'current-context: prod\ncontexts:\n  prod:\n    prometheus: http://prom:9090\n    runbooks: /srv/runbooks\n');
		const env = {XDG_CONFIG_HOME: home};
		const parse = (argv: string[]) => parseCli(argv, env, wanted => loadContext(wanted, env));
		expect(parse([])).toMatchObject({kind: 'run', config: {runbooksDir: '/srv/runbooks'}});
		expect(parse(['--runbooks', 'mine'])).toMatchObject({kind: 'run', config: {runbooksDir: 'mine'}});
	});
});
