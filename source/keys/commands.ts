/** Where a command applies. The input handler asks the top view's scope first, then global. */
export type Scope = 'global' | 'dashboard' | 'alert' | 'runbook' | 'help';

/** Every command agentmon has; input, footer and help all read them from `COMMANDS`. */
export type CommandId =
	| 'quit'
	| 'interrupt'
	| 'help'
	| 'refresh'
	| 'pause'
	| 'window-shorter'
	| 'window-longer'
	| 'focus-next'
	| 'focus-prev'
	| 'select-up'
	| 'select-down'
	| 'select-first'
	| 'select-last'
	| 'open'
	| 'back'
	| 'step-next'
	| 'step-prev'
	| 'next-system'
	| 'next-chapter'
	| 'toggle-done'
	| 'copy-command'
	| 'write-note'
	| 'filter'
	| 'clear-filter'
	| 'group'
	| 'expand-group'
	| 'collapse-group'
	| 'jump-to-row'
	| `system-${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`;

/** Named keys as Ink's `useInput` reports them. */
export type NamedKey = 'tab' | 'return' | 'escape' | 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'leftArrow' | 'rightArrow';

/** One key that triggers a command: a printable character or a named key, with modifiers. */
export type KeyBinding = {
	readonly input?: string;
	readonly key?: NamedKey;
	readonly shift?: boolean;
	readonly ctrl?: boolean;
	/** How the key is written in the footer and help, e.g. `Shift+Tab`. */
	readonly label: string;
};

/** A command with its bindings per scope and the words that describe it. */
export type Command = {
	readonly id: CommandId;
	readonly scope: Scope;
	readonly keys: readonly KeyBinding[];
	readonly description: string;
	readonly category: 'General' | 'Navigation' | 'Alerts and runbooks';
	/** The word shown in the footer of this scope; commands without one stay out of the footer. */
	readonly footer?: string;
	/** How the keys are written in the footer when the full list is too long. */
	readonly footerKeys?: string;
};

const UP: KeyBinding[] = [{key: 'upArrow', label: '↑'}, {input: 'k', label: 'k'}];
const DOWN: KeyBinding[] = [{key: 'downArrow', label: '↓'}, {input: 'j', label: 'j'}];
const BACK: KeyBinding[] = [{key: 'escape', label: 'Esc'}];
const SPACE: KeyBinding = {input: ' ', label: 'Space'};
const COPY: KeyBinding = {input: 'c', label: 'c'};
const NOTE: KeyBinding = {input: 'w', label: 'w'};

/** The one registry of key bindings. */
export const COMMANDS: readonly Command[] = [
	{id: 'quit', scope: 'global', keys: [{input: 'q', label: 'q'}], description: 'quit and restore the terminal', category: 'General', footer: 'quit'},
	{id: 'interrupt', scope: 'global', keys: [{input: 'c', ctrl: true, label: 'Ctrl+C'}], description: 'quit at once (exit code 130)', category: 'General'},
	{id: 'help', scope: 'global', keys: [{input: '?', label: '?'}], description: 'show or hide this help', category: 'General', footer: 'help'},
	{id: 'refresh', scope: 'global', keys: [{input: 'r', label: 'r'}], description: 'refresh now', category: 'General', footer: 'refresh'},
	{id: 'pause', scope: 'global', keys: [{input: 'p', label: 'p'}], description: 'pause or resume refreshing', category: 'General', footer: 'pause'},
	{id: 'window-shorter', scope: 'global', keys: [{input: '[', label: '['}], description: 'shorter window for rates and percentiles (1m, 5m, 15m, 1h, 6h)', category: 'General'},
	{id: 'window-longer', scope: 'global', keys: [{input: ']', label: ']'}], description: 'longer window for rates and percentiles', category: 'General'},
	{id: 'next-system', scope: 'dashboard', keys: [{input: 's', label: 's'}], description: 'show the next detected system', category: 'Navigation', footer: 'system'},
	...([1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map(
		(number): Command => ({id: `system-${number}`, scope: 'dashboard', keys: [{input: String(number), label: String(number)}], description: `show detected system ${number}`, category: 'Navigation'}),
	),
	{id: 'next-chapter', scope: 'dashboard', keys: [{input: 'n', label: 'n'}], description: 'demo only: start the next incident of the story now', category: 'General'},
	{id: 'focus-next', scope: 'dashboard', keys: [{key: 'tab', label: 'Tab'}], description: 'focus the next pane', category: 'Navigation', footer: 'pane', footerKeys: 'Tab/S-Tab'},
	{id: 'focus-prev', scope: 'dashboard', keys: [{key: 'tab', shift: true, label: 'Shift+Tab'}], description: 'focus the previous pane', category: 'Navigation'},
	{id: 'select-up', scope: 'dashboard', keys: UP, description: 'select the row above', category: 'Navigation', footer: 'select', footerKeys: '↑↓/jk'},
	{id: 'select-down', scope: 'dashboard', keys: DOWN, description: 'select the row below', category: 'Navigation'},
	{id: 'select-first', scope: 'dashboard', keys: [{key: 'home', label: 'Home'}, {input: 'g', label: 'g'}], description: 'select the first row', category: 'Navigation'},
	{id: 'select-last', scope: 'dashboard', keys: [{key: 'end', label: 'End'}, {input: 'G', label: 'G'}], description: 'select the last row', category: 'Navigation'},
	{id: 'open', scope: 'dashboard', keys: [{key: 'return', label: 'Enter'}], description: 'open the selected alert (its labels, annotations and runbook)', category: 'Alerts and runbooks', footer: 'open'},
	{id: 'write-note', scope: 'dashboard', keys: [NOTE], description: 'write a triage note of the alerts shown', category: 'Alerts and runbooks'},
	{id: 'filter', scope: 'dashboard', keys: [{input: '/', label: '/'}], description: 'filter the alerts: text, or label=value, label!=value, label=~regex', category: 'Alerts and runbooks', footer: 'filter'},
	{id: 'clear-filter', scope: 'dashboard', keys: BACK, description: 'clear the alerts filter', category: 'Alerts and runbooks'},
	{id: 'group', scope: 'dashboard', keys: [{input: 'b', label: 'b'}], description: 'group the alerts by alertname, system, agent/queue/lock, or not at all', category: 'Alerts and runbooks', footer: 'group'},
	{id: 'expand-group', scope: 'dashboard', keys: [{key: 'rightArrow', label: '→'}], description: 'open the selected group of alerts (Enter also does)', category: 'Alerts and runbooks'},
	{id: 'collapse-group', scope: 'dashboard', keys: [{key: 'leftArrow', label: '←'}], description: 'close the group of the selected alert', category: 'Alerts and runbooks'},
	{id: 'select-up', scope: 'alert', keys: UP, description: 'select the previous runbook step', category: 'Alerts and runbooks', footer: 'step', footerKeys: '↑↓'},
	{id: 'select-down', scope: 'alert', keys: DOWN, description: 'select the next runbook step', category: 'Alerts and runbooks'},
	{id: 'open', scope: 'alert', keys: [{key: 'return', label: 'Enter'}], description: 'walk the runbook from the selected step', category: 'Alerts and runbooks', footer: 'walk runbook'},
	{id: 'toggle-done', scope: 'alert', keys: [SPACE], description: 'mark the selected step done, or not done', category: 'Alerts and runbooks', footer: 'done'},
	{id: 'copy-command', scope: 'alert', keys: [COPY], description: "copy the selected step's command (OSC 52)", category: 'Alerts and runbooks', footer: 'copy'},
	{id: 'write-note', scope: 'alert', keys: [NOTE], description: 'write a triage note of this alert', category: 'Alerts and runbooks', footer: 'note'},
	{id: 'jump-to-row', scope: 'alert', keys: [{input: 'e', label: 'e'}], description: "jump to the pane row the alert's labels name (its agent, queue or lock)", category: 'Alerts and runbooks', footer: 'to row'},
	{id: 'back', scope: 'alert', keys: BACK, description: 'back to the dashboard', category: 'Navigation', footer: 'back'},
	{id: 'step-next', scope: 'runbook', keys: [...DOWN, {key: 'rightArrow', label: '→'}, {input: 'n', label: 'n'}], description: 'next runbook step', category: 'Alerts and runbooks', footer: 'next', footerKeys: '↓/n'},
	{id: 'step-prev', scope: 'runbook', keys: [...UP, {key: 'leftArrow', label: '←'}, {input: 'N', label: 'N'}], description: 'previous runbook step', category: 'Alerts and runbooks', footer: 'previous', footerKeys: '↑/N'},
	{id: 'toggle-done', scope: 'runbook', keys: [SPACE], description: 'mark this step done, or not done', category: 'Alerts and runbooks', footer: 'done'},
	{id: 'copy-command', scope: 'runbook', keys: [COPY], description: "copy this step's first command (OSC 52)", category: 'Alerts and runbooks', footer: 'copy'},
	{id: 'write-note', scope: 'runbook', keys: [NOTE], description: 'write a triage note of this alert', category: 'Alerts and runbooks', footer: 'note'},
	{id: 'back', scope: 'runbook', keys: BACK, description: 'back to the alert', category: 'Navigation', footer: 'back'},
	{id: 'back', scope: 'help', keys: BACK, description: 'close the help', category: 'Navigation', footer: 'close'},
];

/** What Ink's `useInput` hands the handler, reduced to what matching needs. */
export type KeyPress = {readonly input: string; readonly key: Partial<Record<NamedKey | 'shift' | 'ctrl' | 'meta' | 'backspace' | 'delete', boolean>>};

function matches(binding: KeyBinding, press: KeyPress): boolean {
	if (binding.key !== undefined) {
		return press.key[binding.key] === true && Boolean(press.key.shift) === Boolean(binding.shift) && !press.key.ctrl;
	}
	if (binding.ctrl) return press.key.ctrl === true && press.input.toLowerCase() === binding.input;
	return !press.key.ctrl && !press.key.meta && press.input === binding.input;
}

/** The command a key press means in these scopes, the first scope winning. */
export function resolveCommand(press: KeyPress, scopes: readonly Scope[]): CommandId | undefined {
	for (const scope of scopes) {
		const command = active.find(candidate => candidate.scope === scope && candidate.keys.some(binding => matches(binding, press)));
		if (command) return command.id;
	}
	return undefined;
}

let active: readonly Command[] = COMMANDS;

/** The registry in force: the defaults, or the defaults with the user's remaps (see key-map.ts). */
export function commands(): readonly Command[] {
	return active;
}

/** Puts a remapped registry in force (once, at start-up, before anything is drawn). */
export function setCommands(next: readonly Command[]): void {
	active = next;
}

/** The commands shown in one scope's footer: that scope's, then the global ones. */
export function footerCommands(scope: Scope): Command[] {
	return [...active.filter(command => command.scope === scope && command.footer), ...active.filter(command => command.scope === 'global' && command.footer)];
}
