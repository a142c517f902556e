import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadHttpConfig, mergeConnection} from '../../source/config/http-config-file.js';
import {requestOptions} from '../../source/sources/http-options.js';
import {describeProxy} from '../../source/sources/proxy.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-http-config-proxy-'));
const file = (name: string, text: string) => {
	const target = path.join(dir, name);
	writeFileSync(target, text);
	return target;
};

describe('--http-config-file proxy settings (as Prometheus has them)', () => {
	it('reads proxy_url, no_proxy and proxy_from_environment', () => {
		expect(loadHttpConfig(file('proxy.yml', 'proxy_url: http://ops:s3cret@proxy.corp:3128\nno_proxy: .internal,10.0.0.0/8\n'))).toEqual({proxyUrl: 'http://ops:s3cret@proxy.corp:3128', noProxy: '.internal,10.0.0.0/8'});
		expect(loadHttpConfig(file('env.yml', 'proxy_from_environment: false\n'))).toEqual({proxyFromEnvironment: false});
	});

	it('the merged connection routes by the file, over the environment', () => {
		const connection = mergeConnection(loadHttpConfig(file('route.yml', 'proxy_url: http://ops:s3cret@proxy.corp:3128\nno_proxy: .internal\n')), {headers: {}, insecureSkipVerify: false});
		const request = requestOptions(connection, {HTTPS_PROXY: 'http://env-proxy:1'});
		expect(describeProxy('https://prometheus.example.com', request)).toBe('via proxy http://***@proxy.corp:3128');
		expect(describeProxy('https://prometheus.internal', request)).toBeUndefined();
		const off = mergeConnection(loadHttpConfig(file('off.yml', 'proxy_from_environment: false\n')), {headers: {}, insecureSkipVerify: false});
		expect(describeProxy('https://prometheus.example.com', requestOptions(off, {HTTPS_PROXY: 'http://env-proxy:1'}))).toBeUndefined();
	});

	it('localhost goes through a lone proxy_url, as in Prometheus; directly with no_proxy, or with the proxy of the environment', () => {
		const flags = {headers: {}, insecureSkipVerify: false};
		const alone = requestOptions(mergeConnection(loadHttpConfig(file('alone.yml', 'proxy_url: http://proxy.corp:3128\n')), flags), {});
		const listed = requestOptions(mergeConnection(loadHttpConfig(file('listed.yml', 'proxy_url: http://proxy.corp:3128\nno_proxy: .internal\n')), flags), {});
		const fromEnv = requestOptions(mergeConnection(loadHttpConfig(file('from-env.yml', 'proxy_from_environment: true\n')), flags), {HTTP_PROXY: 'http://proxy.corp:3128'});
		for (const url of ['http://localhost:9090', 'http://127.0.0.1:9090', 'http://[::1]:9090']) {
			expect(describeProxy(url, alone), url).toBe('via proxy http://proxy.corp:3128');
			expect(describeProxy(url, listed), url).toBeUndefined();
			expect(describeProxy(url, fromEnv), url).toBeUndefined();
		}
		expect(describeProxy('http://prometheus.example.com:9090', fromEnv)).toBe('via proxy http://proxy.corp:3128');
	});

	it('names the mistake and never the proxy password', () => {
		const cases: Array<[string, RegExp]> = [
			['proxy_url: socks5://ops:hunter2@proxy:1080\n', /bad1\.yml: proxy_url: socks5 proxies are not supported/],
			['proxy_url: "http://ops:hunter2@"\n', /bad2\.yml: proxy_url: not a proxy URL/],
			['no_proxy: .internal\n', /bad3\.yml: no_proxy: needs proxy_url/],
			['proxy_url: http://proxy:3128\nproxy_from_environment: true\n', /bad4\.yml: use either proxy_url or proxy_from_environment/],
			['proxy_url: http://proxy:3128\nproxy_connect_header:\n  X-Secret: [hunter2]\n', /bad5\.yml: proxy_connect_header: not supported/],
		];
		for (const [index, [text, message]] of cases.entries()) {
			const name = `bad${index + 1}.yml`;
			expect(() => loadHttpConfig(file(name, text)), name).toThrow(message);
			try {
				loadHttpConfig(file(name, text));
			} catch (error) {
				expect(String(error)).not.toContain('hunter2');
			}
		}
	});
});
