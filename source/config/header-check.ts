/** An HTTP header name: an RFC 9110 token. */
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** What a header value may not hold: control characters other than tab (a CR or LF would split the request). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F]/;

/**
 * Why `name: value` cannot be sent as a header, or undefined when it can. Checked where headers are
 * configured, so a bad one stops agentmon at start instead of being dropped or mangled on the wire.
 * The value itself is never quoted: it may be a secret.
 */
export function headerProblem(name: string, value: string): string | undefined {
	if (!TOKEN.test(name)) return `header name "${name.replace(/[^\x20-\x7E]/g, '?').slice(0, 80)}" is not a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~- only)`;
	if (CONTROL.test(value)) return `the value of header ${name} holds a control character (a line break?)`;
	return undefined;
}

/** The first problem of a set of headers, or undefined. */
export function headersProblem(headers: Readonly<Record<string, string>> | undefined): string | undefined {
	for (const [name, value] of Object.entries(headers ?? {})) {
		const problem = headerProblem(name, value);
		if (problem) return problem;
	}
	return undefined;
}
