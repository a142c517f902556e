import net from 'node:net';
import {domainToASCII} from 'node:url';

/**
 * A parsed `NO_PROXY` list: the hosts that are reached directly although a proxy is set.
 * Built by {@link parseNoProxy}, asked by {@link bypassesProxy}.
 */
export type NoProxy = {
	/** `*`: no request uses the proxy. */
	readonly all: boolean;
	/** Domain entries: each matches the name itself and every subdomain, on `port` only when one is given. */
	readonly domains: ReadonlyArray<{readonly domain: string; readonly port?: number}>;
	/** IP and CIDR entries, each a one-entry block list (port only for a single address). */
	readonly addresses: ReadonlyArray<{readonly list: net.BlockList; readonly port?: number}>;
};

/** The empty list: every request uses the proxy. */
export const NO_BYPASS: NoProxy = {all: false, domains: [], addresses: []};

const PORT = /^\d{1,5}$/;

function portOf(text: string | undefined): number | undefined | null {
	if (text === undefined) return undefined;
	const port = PORT.test(text) ? Number(text) : Number.NaN;
	return port > 0 && port < 65_536 ? port : null;
}

function ipEntry(address: string, port: number | undefined, prefix?: number): NoProxy['addresses'][number] | undefined {
	const family = net.isIP(address);
	if (family === 0) return undefined;
	const type = family === 4 ? 'ipv4' : 'ipv6';
	if (prefix !== undefined && prefix > (family === 4 ? 32 : 128)) return undefined;
	const list = new net.BlockList();
	if (prefix === undefined) list.addAddress(address, type);
	else list.addSubnet(address, prefix, type);
	return {list, port};
}

/**
 * Reads a `NO_PROXY` value as curl and Go do: entries separated by commas or spaces, case-insensitive.
 * - `*` alone: nothing goes through the proxy;
 * - `example.com`, `.example.com` and `*.example.com`: that domain and all its subdomains;
 * - `host:port`, `[v6]:port`, `v4:port`: that host on that port only;
 * - `10.1.2.3`, `::1`: that address (only when the URL names the address, no DNS lookup);
 * - `10.0.0.0/8`, `fd00::/8`: any address in the block.
 * Entries it cannot read are ignored. Never throws.
 */
export function parseNoProxy(text: string | undefined): NoProxy {
	const domains: Array<NoProxy['domains'][number]> = [];
	const addresses: Array<NoProxy['addresses'][number]> = [];
	let all = false;
	for (const raw of String(text ?? '').toLowerCase().split(/[\s,]+/)) {
		if (raw === '') continue;
		if (raw === '*') {
			all = true;
			continue;
		}
		const cidr = /^([^/]+)\/(\d{1,3})$/.exec(raw);
		if (cidr) {
			const entry = ipEntry(cidr[1]!.replace(/^\[|\]$/g, ''), undefined, Number(cidr[2]));
			if (entry) addresses.push(entry);
			continue;
		}
		const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(raw);
		if (bracketed) {
			const port = portOf(bracketed[2]);
			const entry = port === null ? undefined : ipEntry(bracketed[1]!, port);
			if (entry) addresses.push(entry);
			continue;
		}
		if (net.isIP(raw) !== 0) {
			addresses.push(ipEntry(raw, undefined)!);
			continue;
		}
		const withPort = /^([^:]+):([^:]*)$/.exec(raw);
		const port = withPort ? portOf(withPort[2]) : undefined;
		if (port === null) continue;
		const host = withPort ? withPort[1]! : raw;
		if (net.isIP(host) !== 0) {
			addresses.push(ipEntry(host, port)!);
			continue;
		}
		// `*.example.com` and `.example.com` mean what `example.com` means: the domain and its subdomains.
		const name = host.replace(/^\*?\.+/, '').replace(/\.+$/, '');
		const domain = domainToASCII(name) || name;
		if (domain !== '' && !domain.includes('*')) domains.push({domain, port});
	}
	return {all, domains, addresses};
}

/** The port a URL connects to: its own, or its scheme's default. */
function effectivePort(url: URL): number {
	if (url.port !== '') return Number(url.port);
	return url.protocol === 'https:' ? 443 : 80;
}

/** Whether a request to `url` goes around the proxy, by the list. Never throws. */
export function bypassesProxy(url: URL, noProxy: NoProxy): boolean {
	if (noProxy.all) return true;
	const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '').toLowerCase();
	const port = effectivePort(url);
	const family = net.isIP(host);
	if (family !== 0) {
		const type = family === 4 ? 'ipv4' : 'ipv6';
		return noProxy.addresses.some(entry => (entry.port === undefined || entry.port === port) && safeCheck(entry.list, host, type));
	}
	return noProxy.domains.some(entry => (entry.port === undefined || entry.port === port) && (host === entry.domain || host.endsWith(`.${entry.domain}`)));
}

function safeCheck(list: net.BlockList, address: string, type: 'ipv4' | 'ipv6'): boolean {
	try {
		return list.check(address, type);
	} catch {
		return false;
	}
}
