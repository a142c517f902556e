import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {bypassesProxy, parseNoProxy} from '../../source/sources/no-proxy.js';

fc.configureGlobal({seed: process.env.FC_SEED === 'random' ? Date.now() : Number(process.env.FC_SEED ?? 20_261_123)});

const bypass = (noProxy: string, url: string) => bypassesProxy(new URL(url), parseNoProxy(noProxy));

describe('NO_PROXY', () => {
	it('matches a domain and its subdomains, written with or without a leading dot or *.', () => {
		for (const entry of ['example.com', '.example.com', '*.example.com', 'EXAMPLE.com.']) {
			expect(bypass(entry, 'http://example.com/'), entry).toBe(true);
			expect(bypass(entry, 'https://prom.example.com:9090/'), entry).toBe(true);
			expect(bypass(entry, 'https://a.b.example.com/'), entry).toBe(true);
			expect(bypass(entry, 'https://badexample.com/'), entry).toBe(false);
			expect(bypass(entry, 'https://example.com.evil.net/'), entry).toBe(false);
		}
		expect(bypass('example.com', 'http://EXAMPLE.COM./')).toBe(true);
	});

	it('reads commas, spaces and both, ignoring empty entries', () => {
		const list = ' a.test,  b.test ,,c.test\td.test ';
		for (const host of ['a.test', 'b.test', 'c.test', 'd.test']) expect(bypass(list, `http://${host}/`), host).toBe(true);
		expect(bypass(list, 'http://e.test/')).toBe(false);
		expect(bypass('', 'http://e.test/')).toBe(false);
	});

	it('* alone bypasses everything; a * inside a name matches nothing', () => {
		expect(bypass('*', 'https://anything.example/')).toBe(true);
		expect(bypass('foo, *', 'http://10.0.0.1/')).toBe(true);
		expect(bypass('prom*.example.com', 'http://prom1.example.com/')).toBe(false);
	});

	it('host:port matches that port only, the scheme default counting as the port', () => {
		expect(bypass('prom.test:9090', 'http://prom.test:9090/')).toBe(true);
		expect(bypass('prom.test:9090', 'http://prom.test:9091/')).toBe(false);
		expect(bypass('prom.test:443', 'https://prom.test/')).toBe(true);
		expect(bypass('prom.test:80', 'https://prom.test/')).toBe(false);
		expect(bypass('prom.test:notaport', 'http://prom.test/')).toBe(false);
	});

	it('matches IP literals, with a port, in brackets for IPv6, and CIDR blocks', () => {
		expect(bypass('127.0.0.1', 'http://127.0.0.1:9090/')).toBe(true);
		expect(bypass('127.0.0.1', 'http://127.0.0.2:9090/')).toBe(false);
		expect(bypass('127.0.0.1:9090', 'http://127.0.0.1:9090/')).toBe(true);
		expect(bypass('127.0.0.1:9090', 'http://127.0.0.1:9091/')).toBe(false);
		expect(bypass('::1', 'http://[::1]:9090/')).toBe(true);
		expect(bypass('[::1]:9090', 'http://[::1]:9090/')).toBe(true);
		expect(bypass('[::1]:9090', 'http://[::1]:9091/')).toBe(false);
		expect(bypass('0:0::1', 'http://[::1]/')).toBe(true);
		expect(bypass('10.0.0.0/8', 'http://10.20.30.40/')).toBe(true);
		expect(bypass('10.0.0.0/8', 'http://11.0.0.1/')).toBe(false);
		expect(bypass('fd00::/8', 'http://[fd12::1]/')).toBe(true);
		expect(bypass('10.0.0.0/40', 'http://10.0.0.1/')).toBe(false);
	});

	it('does not special-case loopback: localhost and 127.0.0.1 are proxied unless listed', () => {
		expect(bypass('example.com', 'http://localhost:9090/')).toBe(false);
		expect(bypass('example.com', 'http://127.0.0.1:9090/')).toBe(false);
		expect(bypass('localhost', 'http://localhost:9090/')).toBe(true);
		expect(bypass('127.0.0.0/8', 'http://127.0.0.1:9090/')).toBe(true);
	});

	it('a name never matches an address and an address never matches a name (no DNS lookups)', () => {
		expect(bypass('localhost', 'http://127.0.0.1/')).toBe(false);
		expect(bypass('127.0.0.1', 'http://localhost/')).toBe(false);
	});

	it('never throws, whatever the list and the host', () => {
		const piece = fc.oneof(fc.constantFrom('*', '.', ',', ' ', ':', '/', '[', ']', '::1', '10.0.0.0', '/8', '/999', 'example.com', '-', '%', '\u0000', 'ß', '\u202E'), fc.string({maxLength: 6}));
		const list = fc.array(piece, {maxLength: 20}).map(parts => parts.join(''));
		const host = fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6().map(ip => `[${ip}]`));
		fc.assert(
			fc.property(list, host, fc.option(fc.integer({min: 1, max: 65_535})), fc.boolean(), (noProxy, name, port, secure) => {
				const url = new URL(`${secure ? 'https' : 'http'}://${name}${port === null ? '' : `:${port}`}/`);
				expect(typeof bypassesProxy(url, parseNoProxy(noProxy))).toBe('boolean');
			}),
			{numRuns: 500},
		);
	});

	it('a listed host is always bypassed, on any port and as any subdomain', () => {
		fc.assert(
			fc.property(fc.domain(), fc.domain(), fc.integer({min: 1, max: 65_535}), (domain, other, port) => {
				expect(bypass(`${other},${domain}`, `http://${domain}:${port}/`)).toBe(true);
				expect(bypass(`.${domain}`, `https://x.${domain}/`)).toBe(true);
			}),
			{numRuns: 300},
		);
	});
});
