import {describe, expect, it} from 'vitest';
import {COMMANDS, footerCommands, resolveCommand, type KeyPress, type Scope} from '../../source/keys/commands.js';

const signature = (binding: (typeof COMMANDS)[number]['keys'][number]) => `${binding.ctrl ? 'C-' : ''}${binding.shift ? 'S-' : ''}${binding.key ?? binding.input}`;

describe('command registry', () => {
	it('describes every command and labels every key', () => {
		for (const command of COMMANDS) {
			expect(command.description.length, command.id).toBeGreaterThan(5);
			expect(command.keys.length, command.id).toBeGreaterThan(0);
			for (const key of command.keys) expect(key.label, command.id).not.toBe('');
		}
	});

	it('never binds one key to two commands in a scope, nor shadows a global key', () => {
		const globalKeys = new Set(COMMANDS.filter(command => command.scope === 'global').flatMap(command => command.keys.map(signature)));
		const scopes = new Set(COMMANDS.map(command => command.scope));
		for (const scope of scopes) {
			const seen = new Map<string, string>();
			for (const command of COMMANDS.filter(candidate => candidate.scope === scope)) {
				for (const key of command.keys.map(signature)) {
					expect(seen.get(key), `${scope}: ${key} bound to ${seen.get(key)} and ${command.id}`).toBeUndefined();
					if (scope !== 'global') expect(globalKeys.has(key), `${scope}: ${key} shadows a global key`).toBe(false);
					seen.set(key, command.id);
				}
			}
		}
	});

	it('resolves keys by scope, the view first, then global', () => {
		const press = (input: string, key: KeyPress['key'] = {}): KeyPress => ({input, key});
		const dashboard: Scope[] = ['dashboard', 'global'];
		expect(resolveCommand(press('\t', {tab: true}), dashboard)).toBe('focus-next');
		expect(resolveCommand(press('', {tab: true, shift: true}), dashboard)).toBe('focus-prev');
		expect(resolveCommand(press('j'), dashboard)).toBe('select-down');
		expect(resolveCommand(press('', {downArrow: true}), dashboard)).toBe('select-down');
		expect(resolveCommand(press('', {return: true}), dashboard)).toBe('open');
		expect(resolveCommand(press('q'), dashboard)).toBe('quit');
		expect(resolveCommand(press('c', {ctrl: true}), dashboard)).toBe('interrupt');
		expect(resolveCommand(press('?'), dashboard)).toBe('help');
		expect(resolveCommand(press('', {escape: true}), dashboard)).toBe('clear-filter');
		expect(resolveCommand(press('/'), dashboard)).toBe('filter');
		expect(resolveCommand(press('e'), ['alert', 'global'])).toBe('jump-to-row');
		expect(resolveCommand(press('', {escape: true}), ['runbook', 'global'])).toBe('back');
		expect(resolveCommand(press('n'), ['runbook', 'global'])).toBe('step-next');
		expect(resolveCommand(press('x'), dashboard)).toBeUndefined();
	});

	it('feeds the footer from the registry', () => {
		const labels = footerCommands('dashboard').map(command => command.id);
		expect(labels).toContain('focus-next');
		expect(labels).toContain('quit');
	});
});
