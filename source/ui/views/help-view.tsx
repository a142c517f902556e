import {Box, Text} from 'ink';
import React from 'react';
import {COMMANDS, type Command} from '../../keys/commands.js';
import {useTheme} from '../theme.js';

const SCOPE_TITLES: Readonly<Record<Command['scope'], string>> = {
	global: 'Everywhere',
	dashboard: 'Dashboard',
	alert: 'Alert view',
	runbook: 'Runbook steps',
	help: 'This help',
};

/** Every binding in the registry, grouped by where it applies. */
export function HelpView({width, height}: {readonly width: number; readonly height: number}) {
	const theme = useTheme();
	const scopes = Object.keys(SCOPE_TITLES) as Array<Command['scope']>;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.color('focus')} width={width} height={height} paddingX={1} overflow="hidden">
			<Text bold>Keys (Esc or ? closes)</Text>
			{scopes.map(scope => (
				<Box key={scope} flexDirection="column">
					<Text color={theme.color('accent')} bold>
						{SCOPE_TITLES[scope]}
					</Text>
					{COMMANDS.filter(command => command.scope === scope).map(command => (
						<Text key={`${scope}-${command.id}`} wrap="truncate">
							{`  ${command.keys.map(key => key.label).join(', ').padEnd(22)} ${command.description}`}
						</Text>
					))}
				</Box>
			))}
		</Box>
	);
}
