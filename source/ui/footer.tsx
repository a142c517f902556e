import {Text} from 'ink';
import React from 'react';
import {footerCommands, type Scope} from '../keys/commands.js';
import {useTheme} from './theme.js';

export type FooterProps = {readonly scope: Scope; readonly keysEnabled: boolean; readonly width: number};

/** Key hints of the current scope, read from the command registry. */
export function Footer({scope, keysEnabled, width}: FooterProps) {
	const theme = useTheme();
	if (!keysEnabled) {
		return <Text color={theme.color('warn')} wrap="truncate">keys disabled: stdin is not a terminal (Ctrl+C quits)</Text>;
	}
	const hints = footerCommands(scope).map(command => `${command.footerKeys ?? command.keys.map(key => key.label).join('/')} ${command.footer}`);
	return (
		<Text color={theme.color('muted')} wrap="truncate">
			{hints.join('  ').slice(0, Math.max(0, width))}
		</Text>
	);
}
