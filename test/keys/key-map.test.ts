import {afterEach, describe, expect, it, vi} from 'vitest';
import {COMMANDS, resolveCommand, setCommands} from '../../source/keys/commands.js';
import {applyKeyMap, parseKey} from '../../source/keys/key-map.js';
import {cleanup, renderApp} from '../helpers/app-harness.js';

afterEach(() => {
	setCommands(COMMANDS);
	cleanup();
});

describe('key remaps', () => {
	it('reads characters, ctrl keys and named keys', () => {
		expect(parseKey('R')).toEqual({input: 'R', label: 'R'});
		expect(parseKey('ctrl+r')).toEqual({input: 'r', ctrl: true, label: 'Ctrl+R'});
		expect(parseKey('shift+tab')).toMatchObject({key: 'tab', shift: true});
		expect(parseKey('PageDown')).toMatchObject({key: 'pageDown'});
		expect(parseKey('nope')).toBeUndefined();
	});

	it('rebinds a command in every scope it is in', () => {
		const result = applyKeyMap({refresh: 'R', 'select-down': ['o', 'down']});
		expect('commands' in result).toBe(true);
		if (!('commands' in result)) return;
		setCommands(result.commands);
		expect(resolveCommand({input: 'R', key: {}}, ['dashboard', 'global'])).toBe('refresh');
		expect(resolveCommand({input: 'r', key: {}}, ['dashboard', 'global'])).toBeUndefined();
		expect(resolveCommand({input: 'o', key: {}}, ['dashboard', 'global'])).toBe('select-down');
		expect(resolveCommand({input: 'o', key: {}}, ['alert', 'global'])).toBe('select-down');
		// The demo's `n` is a dashboard key too: a remap onto it is a conflict, named.
		expect(applyKeyMap({'select-down': 'n'})).toMatchObject({error: expect.stringContaining('n would mean both')});
	});

	it('refuses a remap that binds one key twice, shadows a global key, or names no command', () => {
		expect(applyKeyMap({refresh: 'q'})).toEqual({error: 'keys: q would mean both quit and refresh (global)'});
		expect(applyKeyMap({'focus-next': 'p'})).toMatchObject({error: expect.stringContaining('p would mean both pause and focus-next (dashboard)')});
		expect(applyKeyMap({reload: 'x'})).toMatchObject({error: expect.stringMatching(/^keys\.reload: no such command/)});
		expect(applyKeyMap({refresh: 'xx'})).toMatchObject({error: expect.stringMatching(/^keys\.refresh: "xx" is not a key/)});
	});

	it('shows the remapped keys in the help and the footer', async () => {
		const result = applyKeyMap({refresh: 'R'});
		if ('commands' in result) setCommands(result.commands);
		const {text, stdin, actions} = renderApp();
		expect(text()).toContain('R refresh');
		stdin.write('?');
		await vi.waitFor(() => expect(text()).toMatch(/R\s+refresh now/));
		stdin.write('R');
		await vi.waitFor(() => expect(actions.refresh).toHaveBeenCalled());
	});
});

describe('Ctrl+C', () => {
	it('cannot be remapped away: the way out stays where it always is', () => {
		expect(applyKeyMap({interrupt: 'x'})).toEqual({error: 'keys.interrupt: Ctrl+C always quits; it cannot be remapped'});
	});
});
