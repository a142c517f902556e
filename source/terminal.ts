/** Escape sequences agentmon writes itself (Ink 6 has no alternate-screen option). */
const ENTER_ALT_SCREEN = '\u001B[?1049h';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
const RESET_COLOURS = '\u001B[0m';

let active = false;

/** Switches to the alternate screen so quitting gives the user their scrollback back. */
export function enterFullscreen(stream: NodeJS.WriteStream): void {
	if (active || !stream.isTTY) return;
	active = true;
	stream.write(ENTER_ALT_SCREEN);
}

/** Restores the terminal: colours reset, cursor shown, alternate screen left. Safe to call twice. */
export function restoreTerminal(stream: NodeJS.WriteStream): void {
	if (!active) return;
	active = false;
	stream.write(RESET_COLOURS + SHOW_CURSOR + LEAVE_ALT_SCREEN);
}
