import {createRequire} from 'node:module';
import {describe, expect, it} from 'vitest';
import {requestOptions} from '../../source/sources/http-options.js';
import {describeProxy, describeSourceProxy, isLoopbackHost, parseProxyUrl, ProxyConfigError, proxyRoutes, routeFor, silenceSecretDebug} from '../../source/sources/proxy.js';

const connection = {headers: {}, insecureSkipVerify: false};
/** Which proxy (as shown) a URL is routed through with this environment. */
const route = (env: NodeJS.ProcessEnv, url: string) => routeFor(proxyRoutes({}, env), new URL(url))?.shown;

describe('proxy settings from the environment', () => {
	it('https URLs use HTTPS_PROXY, http URLs HTTP_PROXY, both fall back to ALL_PROXY', () => {
		const env = {HTTPS_PROXY: 'http://secure:3128', HTTP_PROXY: 'http://plain:3128'};
		expect(route(env, 'https://prom.test/')).toBe('http://secure:3128');
		expect(route(env, 'http://prom.test/')).toBe('http://plain:3128');
		expect(route({HTTPS_PROXY: 'http://secure:3128'}, 'http://prom.test/')).toBeUndefined();
		expect(route({ALL_PROXY: 'http://every:8080'}, 'http://prom.test/')).toBe('http://every:8080');
		expect(route({ALL_PROXY: 'http://every:8080', https_proxy: 'http://secure:1'}, 'https://prom.test/')).toBe('http://secure:1');
		expect(proxyRoutes({}, {})).toBeUndefined();
	});

	it('the lowercase name wins over the uppercase one, and a blank value counts as unset', () => {
		expect(route({https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2'}, 'https://x.test/')).toBe('http://lower:1');
		expect(route({http_proxy: '  ', HTTP_PROXY: 'http://upper:2'}, 'http://x.test/')).toBe('http://upper:2');
		expect(route({HTTP_PROXY: 'http://p:1', no_proxy: 'x.test', NO_PROXY: ''}, 'http://x.test/')).toBeUndefined();
		expect(route({HTTP_PROXY: 'http://p:1', no_proxy: 'y.test', NO_PROXY: 'x.test'}, 'http://x.test/')).toBe('http://p:1');
	});

	it('a proxy without a scheme is an http proxy; default ports are not shown', () => {
		expect(route({HTTP_PROXY: 'proxy.corp:3128'}, 'http://x.test/')).toBe('http://proxy.corp:3128');
		expect(route({HTTPS_PROXY: 'https://proxy.corp:443/'}, 'https://x.test/')).toBe('https://proxy.corp');
	});

	it('ignores uppercase HTTP_PROXY under CGI (httpoxy), as Go does', () => {
		expect(route({HTTP_PROXY: 'http://evil:1', REQUEST_METHOD: 'GET'}, 'http://x.test/')).toBeUndefined();
		expect(route({http_proxy: 'http://ok:1', REQUEST_METHOD: 'GET'}, 'http://x.test/')).toBe('http://ok:1');
	});

	it('credentials become Proxy-Authorization and are never shown', () => {
		const proxy = parseProxyUrl('http://us%40er:p%3Ass@proxy:3128', 'HTTPS_PROXY');
		expect(proxy.shown).toBe('http://***@proxy:3128');
		expect(proxy.url.href).toBe('http://proxy:3128/');
		expect(proxy.authorization).toBe(`Basic ${Buffer.from('us@er:p:ss').toString('base64')}`);
	});

	it('rejects a proxy URL it cannot use, naming the variable and never the password', () => {
		expect(() => proxyRoutes({}, {HTTPS_PROXY: 'socks5://user:hunter2@proxy:1080'})).toThrow(new ProxyConfigError('HTTPS_PROXY: socks5 proxies are not supported (http:// and https:// are)'));
		for (const value of ['http://user:hunter2@', 'http://user:hunter2@[bad/']) {
			try {
				proxyRoutes({}, {HTTP_PROXY: value});
				expect.unreachable(value);
			} catch (error) {
				expect(error).toBeInstanceOf(ProxyConfigError);
				expect(String(error)).toMatch(/^ProxyConfigError: HTTP_PROXY: not a proxy URL/);
				expect(String(error)).not.toContain('hunter2');
			}
		}
	});

	it('never proxies localhost or a loopback address, on any port, as Go\'s ProxyFromEnvironment (httpproxy useProxy)', () => {
		const env = {HTTP_PROXY: 'http://plain:3128', HTTPS_PROXY: 'http://secure:3128', ALL_PROXY: 'http://every:8080'};
		for (const url of ['http://localhost/', 'http://localhost:9090/', 'https://LOCALHOST:8443/', 'http://127.0.0.1:9090/', 'https://127.255.0.1/', 'http://127.1:9090/', 'http://[::1]:9090/', 'https://[::ffff:127.0.0.1]/']) {
			expect(route(env, url), url).toBeUndefined();
		}
		// The URL alone decides, no DNS lookup: names other than `localhost` itself, and other local addresses, are proxied.
		for (const url of ['http://localhost.:9090/', 'http://prom.localhost/', 'http://localhost.example.com/', 'http://0.0.0.0:9090/', 'http://[::]:9090/', 'http://10.0.0.1/', 'http://[::ffff:10.0.0.1]/', 'http://128.0.0.1/']) {
			expect(route(env, url), url).toBe('http://plain:3128');
		}
		expect(isLoopbackHost(new URL('http://[::2]/'))).toBe(false);
		expect(isLoopbackHost(new URL('http://127.0.0.0/'))).toBe(true);
	});

	it('a lone proxy_url takes loopback too (http.ProxyURL); proxy_url with no_proxy goes direct for it (httpproxy), as Prometheus', () => {
		const alone = proxyRoutes({proxyUrl: 'http://file:3128'}, {});
		const listed = proxyRoutes({proxyUrl: 'http://file:3128', noProxy: 'direct.test'}, {});
		const blank = proxyRoutes({proxyUrl: 'http://file:3128', noProxy: ''}, {});
		for (const url of ['http://localhost:9090/', 'https://127.0.0.1/', 'http://[::1]/']) {
			expect(routeFor(alone, new URL(url))?.shown, url).toBe('http://file:3128');
			expect(routeFor(blank, new URL(url))?.shown, url).toBe('http://file:3128');
			expect(routeFor(listed, new URL(url)), url).toBeUndefined();
		}
		expect(routeFor(listed, new URL('http://prom.test/'))?.shown).toBe('http://file:3128');
	});

	it('proxy_url of an HTTP config file replaces the environment; proxy_from_environment: false turns it off', () => {
		const env = {HTTPS_PROXY: 'http://env:1', NO_PROXY: '*'};
		const routes = proxyRoutes({proxyUrl: 'http://file:3128', noProxy: 'direct.test'}, env);
		expect(routeFor(routes, new URL('https://prom.test/'))?.shown).toBe('http://file:3128');
		expect(routeFor(routes, new URL('http://prom.test/'))?.from).toBe('proxy_url');
		expect(routeFor(routes, new URL('https://a.direct.test/'))).toBeUndefined();
		expect(proxyRoutes({proxyFromEnvironment: false}, env)).toBeUndefined();
		expect(proxyRoutes({proxyFromEnvironment: true}, env)).toBeDefined();
	});
});

describe('describeProxy', () => {
	it('says which proxy a URL goes through, without credentials, or nothing when direct', () => {
		const request = requestOptions(connection, {HTTPS_PROXY: 'http://ops:hunter2@proxy:3128', NO_PROXY: '.internal'});
		expect(describeProxy('https://prometheus.example.com', request)).toBe('via proxy http://***@proxy:3128');
		expect(describeProxy('https://prometheus.internal', request)).toBeUndefined();
		expect(describeProxy('http://prometheus.example.com', request)).toBeUndefined();
		expect(describeProxy('https://localhost:9090', request)).toBeUndefined();
		expect(describeProxy('not a url', request)).toBeUndefined();
		expect(describeProxy('https://prometheus.example.com', requestOptions(connection, {}))).toBeUndefined();
		expect(describeProxy('https://prometheus.example.com', undefined)).toBeUndefined();
	});

	it('describeSourceProxy names the proxy of a source, and says when only some targets use it', () => {
		const request = requestOptions(connection, {HTTP_PROXY: 'http://ops:hunter2@proxy:3128', HTTPS_PROXY: 'http://tunnel:3128', NO_PROXY: '.internal'});
		expect(describeSourceProxy(['http://prometheus.example.com:9090'], request)).toEqual({proxy: 'http://***@proxy:3128', note: 'via proxy http://***@proxy:3128'});
		expect(describeSourceProxy(['http://a.example.com/metrics', 'http://b.internal/metrics', 'http://localhost:3456/metrics'], request)).toEqual({proxy: 'http://***@proxy:3128', note: 'via proxy http://***@proxy:3128 for 1 of 3 targets'});
		expect(describeSourceProxy(['http://a.example.com/metrics', 'https://b.example.com/metrics'], request)).toEqual({proxy: 'http://***@proxy:3128, http://tunnel:3128', note: 'via proxies http://***@proxy:3128, http://tunnel:3128'});
		expect(describeSourceProxy(['http://127.0.0.1:9090', 'http://b.internal'], request)).toBeUndefined();
		expect(describeSourceProxy([], request)).toBeUndefined();
		expect(describeSourceProxy(['http://prometheus.example.com'], requestOptions(connection, {}))).toBeUndefined();
	});

	it('requestOptions builds no proxy agent without a proxy, and one per proxy and kind of server with one', () => {
		expect(requestOptions(connection, {}).proxyAgentFor).toBeUndefined();
		const request = requestOptions(connection, {ALL_PROXY: 'http://proxy:3128'});
		const agent = request.proxyAgentFor?.(new URL('https://a.test/'));
		expect(agent).toBeDefined();
		expect(request.proxyAgentFor?.(new URL('https://b.test:8443/'))).toBe(agent);
		expect(request.proxyAgentFor?.(new URL('http://a.test/'))).not.toBe(agent);
	});
});

describe('debug output of the HTTP libraries', () => {
	it('DEBUG=* leaves out the namespaces that print headers, and keeps every other one', () => {
		const debug = createRequire(import.meta.url)('debug') as {enable(namespaces: string): void; disable(): string; enabled(name: string): boolean};
		const saved = debug.disable();
		try {
			debug.enable('*');
			silenceSecretDebug();
			for (const name of ['http-proxy-agent', 'https-proxy-agent', 'https-proxy-agent:parse-proxy-response', 'agent-base', 'follow-redirects']) expect(debug.enabled(name), name).toBe(false);
			expect(debug.enabled('something-else')).toBe(true);
			debug.enable('');
			silenceSecretDebug();
			expect(debug.enabled('something-else')).toBe(false);
			expect(process.env.DEBUG).toBeUndefined();
		} finally {
			debug.enable(saved);
		}
	});
});
