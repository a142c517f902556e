import {describe, expect, it} from 'vitest';
import {splitInput} from '../../source/keys/split-input.js';

describe('splitInput', () => {
	it('splits a coalesced run of plain keys into presses', () => {
		expect(splitInput({input: 'j\r', key: {}})).toEqual([{input: 'j', key: {shift: false}}, {input: '', key: {return: true}}]);
		expect(splitInput({input: 'jjG', key: {}}).map(press => press.input)).toEqual(['j', 'j', 'G']);
		expect(splitInput({input: '\t\t', key: {}})).toEqual([{input: '', key: {tab: true}}, {input: '', key: {tab: true}}]);
	});

	it('leaves single keys, escape sequences and modified keys alone', () => {
		const single = {input: 'q', key: {}};
		expect(splitInput(single)).toEqual([single]);
		const arrow = {input: '\u001B[A', key: {upArrow: true}};
		expect(splitInput(arrow)).toEqual([arrow]);
		const ctrl = {input: 'cc', key: {ctrl: true}};
		expect(splitInput(ctrl)).toEqual([ctrl]);
	});
});
