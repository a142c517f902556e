import {COMMANDS, type Command, type CommandId, type KeyBinding, type NamedKey} from './commands.js';

const NAMED: Readonly<Record<string, {key: NamedKey; shift?: boolean; label: string}>> = {
	tab: {key: 'tab', label: 'Tab'},
	'shift+tab': {key: 'tab', shift: true, label: 'Shift+Tab'},
	enter: {key: 'return', label: 'Enter'},
	esc: {key: 'escape', label: 'Esc'},
	up: {key: 'upArrow', label: '↑'},
	down: {key: 'downArrow', label: '↓'},
	left: {key: 'leftArrow', label: '←'},
	right: {key: 'rightArrow', label: '→'},
	pageup: {key: 'pageUp', label: 'PgUp'},
	pagedown: {key: 'pageDown', label: 'PgDn'},
	home: {key: 'home', label: 'Home'},
	end: {key: 'end', label: 'End'},
};

/** A key as written in the config file: one character, `ctrl+x`, or a name (tab, shift+tab, enter, esc, up…). */
export function parseKey(text: string): KeyBinding | undefined {
	const lower = text.toLowerCase();
	const named = NAMED[lower];
	if (named) return {key: named.key, shift: named.shift, label: named.label};
	const ctrl = /^ctrl\+([a-z])$/.exec(lower);
	if (ctrl) return {input: ctrl[1], ctrl: true, label: `Ctrl+${ctrl[1]!.toUpperCase()}`};
	return [...text].length === 1 && text.trim() !== '' ? {input: text, label: text} : undefined;
}

const signature = (binding: KeyBinding) => `${binding.ctrl ? 'C-' : ''}${binding.shift ? 'S-' : ''}${binding.key ?? binding.input}`;

/**
 * The registry with the user's remaps (command id → keys) applied to every scope the command is in.
 * Returns the new registry, or an error naming the command when a key is unreadable or would be
 * bound twice in one scope (or shadow a key of the global scope).
 */
export function applyKeyMap(remap: Readonly<Record<string, string | readonly string[]>>, base: readonly Command[] = COMMANDS): {commands: Command[]} | {error: string} {
	const ids = new Set(base.map(command => command.id));
	const bindings = new Map<CommandId, KeyBinding[]>();
	for (const [id, value] of Object.entries(remap)) {
		if (!ids.has(id as CommandId)) return {error: `keys.${id}: no such command; commands: ${[...ids].join(', ')}`};
		// The way out must stay where every terminal user expects it, whatever else is remapped.
		if (id === 'interrupt') return {error: 'keys.interrupt: Ctrl+C always quits; it cannot be remapped'};
		const keys: KeyBinding[] = [];
		for (const text of typeof value === 'string' ? [value] : value) {
			const binding = parseKey(text);
			if (!binding) return {error: `keys.${id}: "${text}" is not a key (one character, ctrl+x, tab, shift+tab, enter, esc, up, down, left, right, pageup, pagedown, home, end)`};
			keys.push(binding);
		}
		if (keys.length === 0) return {error: `keys.${id}: needs at least one key`};
		bindings.set(id as CommandId, keys);
	}
	const commands = base.map(command => (bindings.has(command.id) ? {...command, keys: bindings.get(command.id)!, footerKeys: undefined} : command));
	const global = new Map(commands.filter(command => command.scope === 'global').flatMap(command => command.keys.map(key => [signature(key), command.id] as const)));
	for (const scope of new Set(commands.map(command => command.scope))) {
		const seen = new Map<string, CommandId>();
		for (const command of commands.filter(candidate => candidate.scope === scope)) {
			for (const key of command.keys) {
				const taken = seen.get(signature(key)) ?? (scope === 'global' ? undefined : global.get(signature(key)));
				if (taken !== undefined && taken !== command.id) return {error: `keys: ${key.label} would mean both ${taken} and ${command.id} (${scope})`};
				seen.set(signature(key), command.id);
			}
		}
	}
	return {commands};
}
