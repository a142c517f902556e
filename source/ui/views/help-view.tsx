import {Box, Text} from 'ink';
import React from 'react';
import {commands as activeCommands, type Command} from '../../keys/commands.js';
import {truncate} from '../../model/format.js';
import {useTheme} from '../theme.js';

const SCOPE_TITLES: Readonly<Record<Command['scope'], string>> = {
	global: 'Everywhere',
	dashboard: 'Dashboard',
	alert: 'Alert view',
	runbook: 'Runbook steps',
	help: 'This help',
};

type Line = {readonly text: string; readonly heading: boolean};

/** The registry as lines: a heading per scope, one line per command; `system-1`…`9` folded into one. */
export function helpLines(keyWidth = 20): Line[] {
	const lines: Line[] = [];
	for (const scope of Object.keys(SCOPE_TITLES) as Array<Command['scope']>) {
		const commands = activeCommands().filter(command => command.scope === scope && !/^system-[2-9]$/.test(command.id));
		if (commands.length === 0) continue;
		lines.push({text: SCOPE_TITLES[scope], heading: true});
		for (const command of commands) {
			const keys = command.id === 'system-1' ? '1 … 9' : command.keys.map(key => key.label).join(', ');
			const description = command.id === 'system-1' ? 'show detected system 1 to 9' : command.description;
			lines.push({text: `  ${keys.padEnd(keyWidth)} ${description}`, heading: false});
		}
	}
	return lines;
}

/** Every binding in the registry, grouped by where it applies; two columns on wide terminals. */
export function HelpView({width, height}: {readonly width: number; readonly height: number}) {
	const theme = useTheme();
	const rows = Math.max(1, height - 3);
	const columns = width >= 70 && helpLines().length > rows ? 2 : 1;
	const lines = helpLines(columns === 2 ? 12 : 20);
	const columnWidth = Math.floor((width - 4) / columns);
	const fits = rows * columns >= lines.length;
	const shown = fits ? lines : lines.slice(0, rows * columns - 1);
	const chunks = Array.from({length: columns}, (_, index) => shown.slice(index * rows, (index + 1) * rows));
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.color('focus')} width={width} height={height} paddingX={1} overflow="hidden">
			<Box flexShrink={0}>
				<Text bold>Keys (Esc or ? closes)</Text>
			</Box>
			<Box flexShrink={0}>
				{chunks.map((chunk, index) => (
					<Box key={index} flexDirection="column" width={columnWidth} flexShrink={0}>
						{chunk.map((line, lineIndex) => (
							// Scopes can share a line (w in the alert and runbook views): the position is the key.
							<Text key={lineIndex} bold={line.heading} color={theme.color(line.heading ? 'accent' : 'neutral')} wrap="truncate">
								{truncate(line.text, columnWidth - 1)}
							</Text>
						))}
						{!fits && index === chunks.length - 1 ? <Text color={theme.color('muted')}>… more: a taller terminal shows all</Text> : null}
					</Box>
				))}
			</Box>
		</Box>
	);
}
