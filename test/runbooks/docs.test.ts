import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {allProfiles} from '../../source/profiles/registry.js';
import {profileRunbooksMarkdown} from '../../source/runbooks/markdown.js';

describe('docs/runbooks', () => {
	it.each(allProfiles().map(profile => [profile.id, profile] as const))('%s.md is generated from the built-in runbooks (run npm run docs)', (id, profile) => {
		expect(readFileSync(`docs/runbooks/${id}.md`, 'utf8')).toBe(profileRunbooksMarkdown(profile));
	});

	it('has a section for every alert the example rules link to', () => {
		for (const profile of allProfiles()) {
			let rules: string;
			try {
				rules = readFileSync(`examples/${profile.id}/alerts.yml`, 'utf8');
			} catch {
				continue;
			}
			const doc = readFileSync(`docs/runbooks/${profile.id}.md`, 'utf8');
			for (const match of rules.matchAll(/runbook_url: "?[^"\n]*\/docs\/runbooks\/([a-z-]+)\.md#([a-z0-9-]+)/g)) {
				expect(match[1]).toBe(profile.id);
				expect(doc.toLowerCase()).toContain(`## ${match[2]}`);
			}
		}
	});
});
