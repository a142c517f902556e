import {Text} from 'ink';
import React from 'react';
import {truncate} from '../../model/format.js';
import type {ActivityItem} from '../../model/types.js';
import {innerRows, Pane, visibleWindow} from '../pane.js';
import {useTheme} from '../theme.js';

export type ActivityPaneProps = {
	/** Newest first. */
	readonly items: readonly ActivityItem[];
	/** Where the events come from, e.g. the stream's state in words. */
	readonly summary: string;
	readonly focused: boolean;
	readonly selected: number;
	readonly width: number;
	readonly height: number;
};

function clock(at: number): string {
	const date = new Date(at);
	return [date.getHours(), date.getMinutes(), date.getSeconds()].map(part => String(part).padStart(2, '0')).join(':');
}

/** The live activity feed of a stream: one line per event, newest on top. */
export function ActivityPane({items, summary, focused, selected, width, height}: ActivityPaneProps) {
	const theme = useTheme();
	const rows = innerRows(height);
	const [start, end] = visibleWindow(items.length, selected, rows);
	return (
		<Pane title="Activity" summary={<Text color={theme.color('muted')} wrap="truncate">{summary}</Text>} focused={focused} width={width} height={height}>
			{items.length === 0 ? <Text color={theme.color('muted')}>waiting for the first event</Text> : null}
			{items.slice(start, end).map((item, offset) => {
				const isSelected = focused && start + offset === selected;
				return (
					<Text key={`${item.at}-${start + offset}`} inverse={isSelected} color={theme.color(item.level === 'neutral' ? 'neutral' : item.level)} wrap="truncate">
						{truncate(`${clock(item.at)} ${item.text}`, Math.max(0, width - 4))}
					</Text>
				);
			})}
		</Pane>
	);
}
