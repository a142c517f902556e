import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {allProfiles} from '../profiles/registry.js';
import {profileRunbooksMarkdown} from './markdown.js';

/** Writes docs/runbooks/<profile>.md for every built-in profile (`npm run docs`). */
const target = path.resolve(process.argv[2] ?? 'docs/runbooks');
mkdirSync(target, {recursive: true});
for (const profile of allProfiles()) {
	const file = path.join(target, `${profile.id}.md`);
	writeFileSync(file, profileRunbooksMarkdown(profile));
	process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
