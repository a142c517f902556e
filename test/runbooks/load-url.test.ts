import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {Store} from '../../source/model/store.js';
import type {AlertItem, AppState} from '../../source/model/types.js';
import {coordinationServer} from '../../source/profiles/coordination-server.js';
import {UrlRunbooks} from '../../source/runbooks/load-url.js';
import {runbookFor} from '../../source/runbooks/match.js';
import {initialState} from '../../source/sources/monitor.js';
import {serve, type LoopbackServer} from '../scrape/loopback-server.js';

const RUNBOOK = '# Disk almost full\n\nThe volume fills up.\n\n1. Find the biggest directories \u001B]52;c;ZXZpbA==\u0007\n   ```sh\n   du -sh /var/* | sort -h\n   ```\n2. Check the rate it fills at\n   ```promql\n   deriv(node_filesystem_avail_bytes[1h]) < 0\n   ```\n';
const SECTIONS = 'Runbooks\n\n## First\n\n1. First step\n\n## Second\n\nWhat the second alert means.\n\n1. Second step\n2. Another\n';

let trusted: LoopbackServer;
let other: LoopbackServer;
let requests: Record<string, number>;

function alert(name: string, runbookUrl?: string, labels: Record<string, string> = {}): AlertItem {
	return {id: `${name}{${runbookUrl ?? ''}}`, name, state: 'firing', severity: 'warning', summary: '', description: '', labels: {alertname: name, ...labels}, annotations: {}, runbookUrl};
}

function storeWith(alerts: AlertItem[]): Store<AppState> {
	return new Store<AppState>({...initialState('http://127.0.0.1:9090'), alerts: {status: 'ok', items: alerts}});
}

beforeAll(async () => {
	requests = {};
	const count = (path: string) => {
		requests[path] = (requests[path] ?? 0) + 1;
	};
	trusted = await serve({
		'/rb/disk.md': (request, response) => (count(request.url!), response.writeHead(200, {'content-type': 'text/markdown; charset=utf-8'}).end(RUNBOOK)),
		'/rb/all.txt': (request, response) => (count(request.url!), response.writeHead(200, {'content-type': 'text/plain'}).end(SECTIONS)),
		'/rb/page': (request, response) => (count(request.url!), response.writeHead(200, {'content-type': 'text/html'}).end('<!doctype html><title>wiki</title>')),
		'/rb/big.md': (_, response) => response.writeHead(200, {'content-type': 'text/markdown'}).end(`# Big\n\n1. Step\n${'x'.repeat(400 * 1024)}\n`),
		'/rb/prose.md': (_, response) => response.writeHead(200, {'content-type': 'application/octet-stream'}).end('# Prose\n\nNo steps here.\n'),
		'/rb/missing.md': (_, response) => response.writeHead(404, {'content-type': 'text/plain'}).end('not here\n'),
	});
	other = await serve({'/rb/disk.md': (_, response) => response.writeHead(200, {'content-type': 'text/markdown'}).end(RUNBOOK)});
});

afterAll(async () => {
	await trusted?.close();
	await other?.close();
});

describe('UrlRunbooks', () => {
	it('reads markdown and plain-text runbook_urls once per document, sections by fragment, sanitised', async () => {
		const alerts = [
			alert('DiskFull', `${trusted.url}/rb/disk.md`),
			alert('DiskFull', `${trusted.url}/rb/disk.md`, {instance: 'b'}),
			alert('First', `${trusted.url}/rb/all.txt#first`),
			alert('Second', `${trusted.url}/rb/all.txt#second`),
		];
		const store = storeWith(alerts);
		const urls = new UrlRunbooks({store, profiles: [coordinationServer], timeoutMs: 2000, trustedOrigins: [trusted.url]});
		urls.sync();
		expect(store.getSnapshot().runbooks?.urls[`${trusted.url}/rb/disk.md`]).toEqual({state: 'loading'});
		await urls.settled();
		urls.sync();
		await urls.settled();
		expect(requests['/rb/disk.md']).toBe(1);
		expect(requests['/rb/all.txt']).toBe(1);
		const state = store.getSnapshot();
		const disk = runbookFor(alerts[0]!, state, [coordinationServer])!;
		expect(disk).toMatchObject({source: 'url', location: `${trusted.url}/rb/disk.md`, title: 'Disk almost full', summary: 'The volume fills up.'});
		expect(disk.steps[0]!.title).toBe('Find the biggest directories \\x1b]52;c;ZXZpbA==\\x07');
		expect(disk.steps[1]!.commands).toEqual([{lang: 'promql', code: 'deriv(node_filesystem_avail_bytes[1h]) < 0'}]);
		expect(runbookFor(alerts[2]!, state, [coordinationServer])!.steps.map(step => step.title)).toEqual(['First step']);
		expect(runbookFor(alerts[3]!, state, [coordinationServer])).toMatchObject({title: 'Second', summary: 'What the second alert means.'});
	});

	it('skips HTML pages and documents without steps, refuses oversized ones, reports failures', async () => {
		const alerts = [alert('Html', `${trusted.url}/rb/page`), alert('Prose', `${trusted.url}/rb/prose.md`), alert('Big', `${trusted.url}/rb/big.md`), alert('Gone', `${trusted.url}/rb/missing.md`)];
		const store = storeWith(alerts);
		const urls = new UrlRunbooks({store, profiles: [], timeoutMs: 2000, trustedOrigins: []});
		urls.sync();
		await urls.settled();
		const entries = store.getSnapshot().runbooks!.urls;
		expect(entries[`${trusted.url}/rb/page`]).toEqual({state: 'skipped', reason: 'an HTML page, not markdown or plain text: open the link in a browser'});
		expect(entries[`${trusted.url}/rb/prose.md`]).toMatchObject({state: 'skipped', reason: expect.stringContaining('/rb/prose.md:1: no numbered steps')});
		expect(entries[`${trusted.url}/rb/big.md`]).toEqual({state: 'error', message: 'answer larger than 256 KB refused'});
		expect(entries[`${trusted.url}/rb/missing.md`]).toMatchObject({state: 'error', message: expect.stringContaining('404')});
		for (const item of alerts) expect(runbookFor(item, store.getSnapshot(), [])).toBeUndefined();
	});

	it('sends the connection headers only to the servers the user named', async () => {
		const request = {headers: () => ({Authorization: 'Bearer s3cret', 'X-Scope-OrgID': 'agents'})};
		const store = storeWith([alert('Mine', `${trusted.url}/rb/disk.md#x`), alert('Theirs', `${other.url}/rb/disk.md`)]);
		const urls = new UrlRunbooks({store, profiles: [], timeoutMs: 2000, request, trustedOrigins: [trusted.url]});
		urls.sync();
		await urls.settled();
		expect(trusted.seen.at(-1)).toMatchObject({authorization: 'Bearer s3cret', 'x-scope-orgid': 'agents'});
		expect(other.seen.at(-1)?.authorization).toBeUndefined();
		expect(other.seen.at(-1)?.['x-scope-orgid']).toBeUndefined();
	});

	it('leaves alerts with a runbook of their own alone', async () => {
		const store = storeWith([alert('HighAPIErrorRate', `${other.url}/rb/disk.md`, {system: 'coordination-server'})]);
		const before = other.seen.length;
		const urls = new UrlRunbooks({store, profiles: [coordinationServer], timeoutMs: 2000, trustedOrigins: []});
		urls.sync();
		await urls.settled();
		expect(other.seen.length).toBe(before);
		expect(store.getSnapshot().runbooks).toBeUndefined();
	});
});
