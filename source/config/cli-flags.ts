import {existsSync} from 'node:fs';
import meow from 'meow';
import {ONCE_FORMATS, type CliRequest, type OnceFormat} from './config.js';
import {applyKeyMap} from '../keys/key-map.js';
import type {ContextRequest, ContextResult, ContextValues} from './config-file.js';
import {checkedConnection, sourceConnections} from './connection-flags.js';
import {headerProblem, headersProblem} from './header-check.js';
import {formatPromDuration, parseDuration} from './duration.js';
import {profileIds} from '../profiles/registry.js';

/** The help text; the flags listed here are the ones `parseCli` accepts. */
export const HELP = `
  Usage
    $ agentmon [options]                    live dashboard
    $ agentmon --once [--format json]       print one snapshot and exit
    $ agentmon --demo                       live demo: five simulated systems, no server needed
    $ agentmon --scrape URL [--scrape URL]  no Prometheus: scrape /metrics endpoints directly
    $ agentmon simulate <profile> [--port N] [--scenario NAME] [--scale N]

  Options
    --prometheus URL    Prometheus base URL (default: $PROMETHEUS_URL, then http://localhost:9090)
    --alertmanager URL  also read alerts from Alertmanager: silenced and inhibited ones shown as
                        such (default: $ALERTMANAGER_URL)
    --scrape URL        scrape this /metrics endpoint directly, repeatable (no Prometheus needed:
                        rates, percentiles and the systems' alert rules are evaluated locally)
    --rules FILE        with --scrape: also evaluate this Prometheus rule file, repeatable
    --sse URL           subscribe to a coding-team metrics stream (/api/metrics/stream), alone
                        or with --prometheus / --scrape
    --demo              run the embedded demo: simulators of all five systems and an incident story
    --profile ID[,ID]   systems to monitor: auto (detect from metric names), a built-in id,
                        or a profile file / directory (.yaml) (default: auto)
    --interval DUR      refresh interval, e.g. 500ms, 2s (default: 2s)
    --window DUR        range for rates and percentiles, e.g. 1m, 5m (default: 5m)
    --timeout DUR       timeout of each request (default: 10s)
    --once              poll once, print, exit (0: data read, 1: source unreadable)
    --format FORMAT     output of --once: text, json or markdown (default: text)
    --runbooks DIR      your own runbooks: DIR/<AlertName>.md, a numbered list of steps with
                        fenced promql/sh blocks; they win over the built-in ones
    --no-color          no colours (also NO_COLOR=1 or TERM=dumb)
    --no-bell           no terminal bell when a new alert starts firing
    --help              show this help
    --version           show the version

  Config file ($XDG_CONFIG_HOME/agentmon/config.yaml: named contexts of these options)
    --context NAME                 use this context (default: the file's current-context)
    --config FILE                  another config file

  Connection (secrets come from files or the environment, never from the command line)
    --bearer-token-file FILE       Authorization: Bearer <file content> (or $AGENTMON_BEARER_TOKEN)
    --basic-auth-user USER         basic auth, with --basic-auth-password-file FILE
    --header 'Name: value'         extra header, repeatable (e.g. X-Scope-OrgID for Mimir/Cortex/Thanos)
    --ca-file FILE                 trust this CA for https
    --cert-file FILE --key-file FILE   client certificate and key (mutual TLS)
    --insecure-skip-verify         do not verify TLS certificates (a warning stays on screen)
    --http-config-file FILE        Prometheus' HTTP client config (as promtool and amtool read it):
                                   basic_auth, authorization, tls_config, http_headers; flags win
    --alertmanager-http-config-file FILE, --sse-http-config-file FILE, --scrape-http-config-file FILE
                                   that source's own connection, instead of the flags above (which
                                   then go to the other sources only)

  Simulate
    --port N            port of the simulator (default: the system's own, e.g. 3456)
    --scale N           coordination-server only: add a fleet of N agents (half offline, a fifth
                        holding locks), for scale tests (bench/scale-rules.yml fires one alert each)
    --scenario NAME     scenario to start in (default: normal)

  Keys (press ? in the dashboard for all)
    Tab/Shift+Tab focus pane   ↑/↓ j/k select   Enter drill in   Esc back
    r refresh   p pause   ? help   q quit
`;

const FLAGS = {
	prometheus: {type: 'string'},
	scrape: {type: 'string', isMultiple: true},
	rules: {type: 'string', isMultiple: true},
	sse: {type: 'string'},
	alertmanager: {type: 'string'},
	demo: {type: 'boolean'},
	profile: {type: 'string'},
	interval: {type: 'string'},
	window: {type: 'string'},
	timeout: {type: 'string'},
	once: {type: 'boolean'},
	format: {type: 'string'},
	color: {type: 'boolean', default: true},
	bell: {type: 'boolean', default: true},
	config: {type: 'string'},
	context: {type: 'string'},
	bearerTokenFile: {type: 'string'},
	basicAuthUser: {type: 'string'},
	basicAuthPasswordFile: {type: 'string'},
	header: {type: 'string', isMultiple: true},
	caFile: {type: 'string'},
	certFile: {type: 'string'},
	keyFile: {type: 'string'},
	insecureSkipVerify: {type: 'boolean'},
	httpConfigFile: {type: 'string'},
	alertmanagerHttpConfigFile: {type: 'string'},
	sseHttpConfigFile: {type: 'string'},
	scrapeHttpConfigFile: {type: 'string'},
	runbooks: {type: 'string'},
	port: {type: 'string'},
	scenario: {type: 'string'},
	scale: {type: 'string'},
	help: {type: 'boolean', shortFlag: 'h'},
	version: {type: 'boolean', shortFlag: 'v'},
} as const;

const KNOWN = new Set<string>([...Object.keys(FLAGS), 'h', 'v', '--']);

const kebab = (name: string) => name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
const camel = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** The shared connection's flags (a context's fields of the same names fill them in). */
const CONNECTION_FLAGS = ['bearerTokenFile', 'basicAuthUser', 'basicAuthPasswordFile', 'caFile', 'certFile', 'keyFile'] as const;

/** `label` names the setting in messages: `--interval`, or the config file's field. */
function durationFlag(label: string, value: string | undefined, fallback: string, minMs: number): number | string {
	const text = value ?? fallback;
	const ms = parseDuration(text);
	if (ms === undefined) return `${label} "${text}" is not a duration; use a number and a unit, e.g. 500ms, 2s, 5m.`;
	if (ms < minMs) return `${label} must be at least ${formatPromDuration(minMs)} (got ${text}).`;
	return ms;
}

function validUrl(text: string, label = '--prometheus', example = 'http://localhost:9090'): string | undefined {
	try {
		const url = new URL(text);
		return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : `${label} must be an http(s) URL (got ${url.protocol}).`;
	} catch {
		return `${label} "${text}" is not a URL; expected something like ${example}.`;
	}
}

type Sources = {prometheusUrl?: string; scrapeUrls: string[]; sseUrl?: string; demo: boolean; ruleFiles: string[]};

/**
 * Which sources to read. Prometheus is the default; --scrape replaces it, --sse joins it only when
 * --prometheus is given too, --demo stands alone. The context's sources (prometheus, scrape, sse and
 * its rules) count only when the command line names none; `where` names a context field in messages.
 */
function chooseSources(flags: Record<string, unknown>, cliPrometheus: string | undefined, context: ContextValues, env: NodeJS.ProcessEnv, where: (field: string) => string): Sources | string {
	const cliScrape = ((flags.scrape as string[] | undefined) ?? []).map(String);
	const cliRules = ((flags.rules as string[] | undefined) ?? []).map(String);
	const cliSse = flags.sse === undefined ? undefined : String(flags.sse);
	const demo = flags.demo === true;
	if (cliSse === '' || cliScrape.includes('') || cliRules.includes('')) return `${cliSse === '' ? '--sse' : cliScrape.includes('') ? '--scrape' : '--rules'} needs a value.`;
	if (demo && (cliPrometheus !== undefined || cliScrape.length > 0 || cliSse !== undefined)) {
		return '--demo runs its own simulators; it cannot be combined with --prometheus, --scrape or --sse.';
	}
	const useContext = !demo && cliPrometheus === undefined && cliScrape.length === 0 && cliSse === undefined;
	const contextScrape = useContext ? [context.scrape ?? []].flat() : [];
	const scrapeUrls = useContext ? contextScrape : cliScrape;
	const sseUrl = useContext ? context.sse : cliSse;
	const contextRules = cliRules.length === 0 && useContext && context.rules !== undefined;
	const ruleFiles = contextRules ? [context.rules ?? []].flat() : cliRules;
	const label = (flag: string, fromContext: boolean) => (fromContext ? where(flag) : `--${flag}`);
	const scrapeLabel = label('scrape', contextScrape.length > 0);
	const contextPrometheus = useContext ? context.prometheus : undefined;
	if ((cliPrometheus ?? contextPrometheus) !== undefined && scrapeUrls.length > 0) {
		return `use either ${label('prometheus', cliPrometheus === undefined)} or ${scrapeLabel}: scrape reads the endpoints without a Prometheus.`;
	}
	if (ruleFiles.length > 0 && scrapeUrls.length === 0 && !demo) return `${label('rules', contextRules)} goes with ${scrapeLabel} (or --demo): a Prometheus evaluates its own rules.`;
	for (const url of scrapeUrls) {
		const error = validUrl(url, scrapeLabel, 'http://localhost:3456/metrics');
		if (error) return error;
	}
	if (sseUrl !== undefined) {
		const error = validUrl(sseUrl, label('sse', useContext), 'http://localhost:3000/api/metrics/stream');
		if (error) return error;
	}
	const usesPrometheus = cliPrometheus !== undefined || contextPrometheus !== undefined || (!demo && scrapeUrls.length === 0 && sseUrl === undefined);
	const prometheusUrl = usesPrometheus ? (cliPrometheus ?? contextPrometheus ?? (env.PROMETHEUS_URL || 'http://localhost:9090')) : undefined;
	if (prometheusUrl !== undefined) {
		const from = cliPrometheus !== undefined ? '--prometheus' : contextPrometheus !== undefined ? where('prometheus') : env.PROMETHEUS_URL ? '$PROMETHEUS_URL' : '--prometheus';
		const error = validUrl(prometheusUrl, from);
		if (error) return error;
	}
	return {prometheusUrl, scrapeUrls, sseUrl, demo, ruleFiles};
}

/**
 * Reads argv and the environment into a request. Pure apart from meow reading package.json;
 * never exits the process and never throws for bad input.
 */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv, contexts: (request: ContextRequest) => ContextResult = () => ({})): CliRequest {
	let cli;
	try {
		cli = meow(HELP, {
			importMeta: import.meta,
			argv: [...argv],
			flags: FLAGS,
			autoHelp: false,
			autoVersion: false,
			allowUnknownFlags: true,
			booleanDefault: undefined,
		});
	} catch (error) {
		// meow throws for a flag given twice ("The flag --interval can only be set once.").
		const flag = /--[a-z-]+/.exec(error instanceof Error ? error.message : '')?.[0];
		return {kind: 'usage-error', message: flag ? `${flag} was given more than once.` : `cannot read the command line: ${error instanceof Error ? error.message : String(error)}`};
	}
	const flags = cli.flags as Record<string, unknown>;
	const unknown = Object.keys(cli.unnormalizedFlags).filter(key => !KNOWN.has(key) && !KNOWN.has(camel(key)));
	if (unknown.length > 0) {
		const name = unknown[0]!.length === 1 ? `-${unknown[0]}` : `--${unknown[0]!.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}`;
		return {kind: 'usage-error', message: `unknown option ${name}; run agentmon --help for the list.`};
	}
	if (flags.help === true) return {kind: 'help', text: cli.help};
	if (flags.version === true) return {kind: 'version', text: String(cli.pkg.version ?? 'unknown')};

	const strings: Record<string, string | undefined> = {};
	for (const name of ['prometheus', 'sse', 'alertmanager', 'profile', 'interval', 'window', 'timeout', 'format', 'port', 'scenario', 'scale', ...CONNECTION_FLAGS, 'httpConfigFile', 'alertmanagerHttpConfigFile', 'sseHttpConfigFile', 'scrapeHttpConfigFile', 'runbooks', 'config', 'context']) {
		const value = flags[name];
		if (Array.isArray(value)) return {kind: 'usage-error', message: `--${kebab(name)} was given more than once.`};
		if (value === '' || value === true) return {kind: 'usage-error', message: `--${kebab(name)} needs a value.`};
		strings[name] = value === undefined || value === null ? undefined : String(value);
	}

	const [command, ...rest] = cli.input;
	if (command === 'simulate') return simulateRequest(rest, strings);
	if (command !== undefined) return {kind: 'usage-error', message: `unexpected argument "${command}"; run agentmon --help for usage.`};

	// A context of the config file fills in what the command line leaves out.
	const chosen = contexts({file: strings.config, name: strings.context});
	if ('error' in chosen) return {kind: 'usage-error', message: chosen.error};
	const fromContext = chosen.values ?? {};
	let remapped: ReturnType<typeof applyKeyMap> | undefined;
	if (chosen.keys) {
		remapped = applyKeyMap(chosen.keys);
		if ('error' in remapped) return {kind: 'usage-error', message: `${chosen.file}: ${remapped.error}`};
	}
	// Values the context gave, so a message about one names the file and the field, not a flag never typed.
	const contextual = new Set<string>();
	for (const name of ['alertmanager', 'profile', 'interval', 'window', 'timeout', ...CONNECTION_FLAGS, 'httpConfigFile', 'runbooks']) {
		const value = fromContext[kebab(name) as keyof typeof fromContext] as string | undefined;
		if (strings[name] !== undefined || value === undefined) continue;
		strings[name] = value;
		contextual.add(name);
	}
	const where = (field: string) => `${chosen.file}: contexts.${chosen.name}.${field}`;
	const named = (name: string) => (contextual.has(name) ? where(kebab(name)) : `--${kebab(name)}`);
	const sources = chooseSources(flags, strings.prometheus, fromContext, env, where);
	if (typeof sources === 'string') return {kind: 'usage-error', message: sources};
	const alertmanagerUrl = strings.alertmanager ?? (env.ALERTMANAGER_URL || undefined);
	if (alertmanagerUrl !== undefined) {
		const error = validUrl(alertmanagerUrl, strings.alertmanager === undefined ? '$ALERTMANAGER_URL' : named('alertmanager'), 'http://localhost:9093');
		if (error) return {kind: 'usage-error', message: error};
	}

	const profiles = (strings.profile ?? 'auto').split(',').map(id => id.trim()).filter(Boolean);
	const isFile = (id: string) => id.includes('/') || /\.ya?ml$/i.test(id) || (!profileIds().includes(id) && existsSync(id));
	const unknownProfile = profiles.find(id => id !== 'auto' && !isFile(id) && !profileIds().includes(id));
	if (profiles.length === 0 || unknownProfile !== undefined) {
		const prefix = contextual.has('profile') ? `${where('profile')}: ` : '';
		return {kind: 'usage-error', message: `${prefix}unknown profile "${unknownProfile ?? ''}"; valid profiles: auto, ${profileIds().join(', ')}, or a profile file (.yaml).`};
	}
	if (profiles.includes('auto') && profiles.length > 1) return {kind: 'usage-error', message: `${named('profile')} auto cannot be combined with other profiles.`};

	const format = strings.format ?? 'text';
	if (!(ONCE_FORMATS as readonly string[]).includes(format)) {
		return {kind: 'usage-error', message: `--format must be one of ${ONCE_FORMATS.join(', ')} (got "${format}").`};
	}

	const intervalMs = durationFlag(named('interval'), strings.interval, '2s', 100);
	if (typeof intervalMs === 'string') return {kind: 'usage-error', message: intervalMs};
	// The demo's story moves in minutes: a 1m window lets its rates follow it.
	const windowMs = durationFlag(named('window'), strings.window, sources.demo ? '1m' : '5m', 1000);
	if (typeof windowMs === 'string') return {kind: 'usage-error', message: windowMs};
	const timeoutMs = durationFlag(named('timeout'), strings.timeout, '10s', 100);
	if (typeof timeoutMs === 'string') return {kind: 'usage-error', message: timeoutMs};

	const contextHeaders = headersProblem(fromContext.headers);
	if (contextHeaders) return {kind: 'usage-error', message: `${where('headers')}: ${contextHeaders}.`};
	const headers: Record<string, string> = {...fromContext.headers};
	for (const header of (flags.header as string[] | undefined) ?? []) {
		const match = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+):\s*(.*)$/.exec(String(header));
		if (!match) return {kind: 'usage-error', message: `--header "${String(header).split(':')[0]}" must look like 'Name: value'.`};
		const problem = headerProblem(match[1]!, match[2]!);
		if (problem) return {kind: 'usage-error', message: `--header: ${problem}.`};
		headers[match[1]!] = match[2]!;
	}
	const connection = checkedConnection({...strings, headers, insecureSkipVerify: flags.insecureSkipVerify === true || fromContext['insecure-skip-verify'] === true}, field => named(camel(field)));
	if (typeof connection === 'string') return {kind: 'usage-error', message: connection};
	// Connection flags typed on the command line, which win over a context's connections.prometheus too.
	const typed = (name: string) => (strings[name] !== undefined && !contextual.has(name) ? strings[name] : undefined);
	const cliHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => fromContext.headers?.[name] !== headers[name]));
	const commandLine = {
		...Object.fromEntries(CONNECTION_FLAGS.map(name => [name, typed(name)])),
		headers: cliHeaders,
		insecureSkipVerify: flags.insecureSkipVerify === true ? true : undefined,
		httpConfigFile: typed('httpConfigFile'),
	};
	const own = sourceConnections({alertmanager: strings.alertmanagerHttpConfigFile, sse: strings.sseHttpConfigFile, scrape: strings.scrapeHttpConfigFile}, fromContext.connections, where, commandLine);
	if (typeof own === 'string') return {kind: 'usage-error', message: own};

	const noColorEnv = (env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb';
	return {
		kind: 'run',
		config: {
			...sources,
			alertmanagerUrl,
			profiles,
			intervalMs,
			windowMs,
			timeoutMs,
			once: flags.once === true,
			format: format as OnceFormat,
			color: flags.color !== false && !noColorEnv,
			bell: flags.bell !== false,
			connection,
			httpConfigFile: strings.httpConfigFile,
			sourceConnections: own,
			connectionOrigins: Object.fromEntries([...contextual].filter(name => (CONNECTION_FLAGS as readonly string[]).includes(name) || name === 'httpConfigFile').map(name => [name, where(kebab(name))])),
			runbooksDir: strings.runbooks,
			commands: remapped && 'commands' in remapped ? remapped.commands : undefined,
		},
	};
}

function simulateRequest(rest: readonly string[], strings: Record<string, string | undefined>): CliRequest {
	const [profile, extra] = rest;
	if (profile === undefined) return {kind: 'usage-error', message: `simulate needs a profile: ${profileIds().join(', ')}.`};
	if (extra !== undefined) return {kind: 'usage-error', message: `unexpected argument "${extra}" after simulate ${profile}.`};
	let port: number | undefined;
	if (strings.port !== undefined) {
		port = Number(strings.port);
		if (!Number.isInteger(port) || port < 0 || port > 65_535) return {kind: 'usage-error', message: `--port must be a number from 0 to 65535 (got "${strings.port}").`};
	}
	let scale: number | undefined;
	if (strings.scale !== undefined) {
		scale = Number(strings.scale);
		if (!Number.isInteger(scale) || scale < 0 || scale > 100_000) return {kind: 'usage-error', message: `--scale must be a number of agents from 0 to 100000 (got "${strings.scale}").`};
		if (profile !== 'coordination-server') return {kind: 'usage-error', message: '--scale is for simulate coordination-server only.'};
	}
	return {kind: 'simulate', profile, port, scenario: strings.scenario, ...(scale === undefined ? {} : {scale})};
}
