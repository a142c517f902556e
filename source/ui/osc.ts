import {safeHttpUrl} from '../model/sanitize.js';

const ESC = '\u001B';
const BEL = '\u0007';

/** OSC 52: puts `text` on the terminal's clipboard (`ESC ] 52 ; c ; <base64 of UTF-8> BEL`); works over SSH. */
export function osc52(text: string): string {
	return `${ESC}]52;c;${Buffer.from(text, 'utf8').toString('base64')}${BEL}`;
}

/** tmux's DCS passthrough: `ESC P tmux; <sequence, every ESC doubled> ESC \`, so tmux hands it to the outer terminal. */
export function tmuxPassthrough(sequence: string): string {
	return `${ESC}Ptmux;${sequence.replaceAll(ESC, `${ESC}${ESC}`)}${ESC}\\`;
}

/** The bytes that copy `text` to the clipboard: OSC 52, wrapped for tmux when `$TMUX` is set. */
export function clipboardSequence(text: string, env: NodeJS.ProcessEnv): string {
	return env.TMUX ? tmuxPassthrough(osc52(text)) : osc52(text);
}

/**
 * An OSC 8 hyperlink, `ESC ] 8 ; ; <url> BEL <text> ESC ] 8 ; ; BEL`: BEL-terminated, the form Ink 6's
 * tokenizer keeps as a style (so widths, truncation and wrapping stay right). Only a safe http(s)
 * URL becomes a link; anything else gives the text alone. `text` must already be sanitised.
 */
export function osc8(url: string, text: string): string {
	const safe = safeHttpUrl(url);
	return safe === undefined ? text : `${ESC}]8;;${safe}${BEL}${text}${ESC}]8;;${BEL}`;
}

/** Whether to draw links: on a terminal, unless it is `TERM=dumb` (colour settings do not matter). */
export function supportsHyperlinks(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
	return isTTY === true && env.TERM !== 'dumb';
}
