import {describe, expect, it} from 'vitest';
import {clipboardSequence, osc52, osc8, supportsHyperlinks, tmuxPassthrough} from '../../source/ui/osc.js';

const bytes = (text: string) => [...Buffer.from(text, 'utf8')];

describe('OSC 52 (clipboard)', () => {
	it('is ESC ] 52 ; c ; <base64 of UTF-8> BEL', () => {
		expect(bytes(osc52('up == 0'))).toEqual([0x1b, 0x5d, ...bytes('52;c;'), ...bytes('dXAgPT0gMA=='), 0x07]);
		expect(osc52('sum by (mode) (queue_depth)')).toBe('\u001B]52;c;c3VtIGJ5IChtb2RlKSAocXVldWVfZGVwdGgp\u0007');
		expect(osc52('é\n✓')).toBe(`\u001B]52;c;${Buffer.from('é\n✓').toString('base64')}\u0007`);
	});

	it('goes through tmux as DCS passthrough with every ESC doubled', () => {
		expect(tmuxPassthrough(osc52('ls'))).toBe('\u001BPtmux;\u001B\u001B]52;c;bHM=\u0007\u001B\\');
		expect(bytes(clipboardSequence('ls', {TMUX: '/tmp/tmux-0/default,1,0'}))).toEqual([0x1b, 0x50, ...bytes('tmux;'), 0x1b, 0x1b, 0x5d, ...bytes('52;c;bHM='), 0x07, 0x1b, 0x5c]);
		expect(clipboardSequence('ls', {})).toBe('\u001B]52;c;bHM=\u0007');
		expect(clipboardSequence('ls', {TMUX: ''})).toBe('\u001B]52;c;bHM=\u0007');
	});
});

describe('OSC 8 (hyperlinks)', () => {
	it('is ESC ] 8 ; ; <url> BEL <text> ESC ] 8 ; ; BEL', () => {
		expect(bytes(osc8('https://example.com/rb.md#x', 'rb'))).toEqual([0x1b, 0x5d, ...bytes('8;;https://example.com/rb.md#x'), 0x07, ...bytes('rb'), 0x1b, 0x5d, ...bytes('8;;'), 0x07]);
	});

	it('links only safe http(s) URLs', () => {
		expect(osc8('javascript:alert(1)', 'x')).toBe('x');
		expect(osc8('file:///etc/passwd', 'x')).toBe('x');
		expect(osc8('https://example.com/\u0007\u001B]52;c;x\u0007', 'x')).toBe('x');
		expect(osc8('https://exa\u202Emple.com/', 'x')).toBe('x');
	});

	it('is drawn on a terminal that is not TERM=dumb, whatever the colour settings', () => {
		expect(supportsHyperlinks({TERM: 'xterm-256color'}, true)).toBe(true);
		expect(supportsHyperlinks({TERM: 'xterm-256color', NO_COLOR: '1'}, true)).toBe(true);
		expect(supportsHyperlinks({TERM: 'dumb'}, true)).toBe(false);
		expect(supportsHyperlinks({TERM: 'xterm'}, false)).toBe(false);
		expect(supportsHyperlinks({TERM: 'xterm'}, undefined)).toBe(false);
	});
});
