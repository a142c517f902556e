import type {KeyPress} from './commands.js';

/**
 * Ink hands a run of plain characters that arrived in one read as one input ("j\r"): over a slow
 * SSH link fast typing coalesces like that. This splits such a run back into single key presses;
 * anything else (escape sequences, modified keys) passes through as it came.
 */
export function splitInput(press: KeyPress): KeyPress[] {
	const characters = [...press.input];
	if (characters.length <= 1 || press.key.ctrl || press.key.meta || press.input.includes('\u001B')) return [press];
	return characters.map(character => {
		if (character === '\r' || character === '\n') return {input: '', key: {return: true}};
		if (character === '\t') return {input: '', key: {tab: true}};
		return {input: character, key: {shift: character !== character.toLowerCase()}};
	});
}
