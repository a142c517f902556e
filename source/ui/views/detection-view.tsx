import {Box, Text} from 'ink';
import React from 'react';
import type {Detection} from '../../model/types.js';
import {allProfiles} from '../../profiles/registry.js';
import {useTheme} from '../theme.js';

export type DetectionViewProps = {
	readonly detection: Extract<Detection, {status: 'none'}>;
	readonly width: number;
	readonly height: number;
};

/** Shown when no known system's metrics are in this Prometheus: what was found, and what to do. */
export function DetectionView({detection, width, height}: DetectionViewProps) {
	const theme = useTheme();
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.color('warn')} width={width} height={height} paddingX={1} overflow="hidden">
			<Text bold color={theme.color('warn')}>
				No known agent system in this Prometheus ({detection.metricCount} metric names read)
			</Text>
			<Text> </Text>
			<Text>agentmon recognises a system by any one of its signature metrics:</Text>
			{allProfiles().map(profile => (
				<Text key={profile.id} color={theme.color('muted')} wrap="truncate">
					{`  ${profile.id.padEnd(20)} ${profile.signature.join(', ')}`}
				</Text>
			))}
			<Text> </Text>
			<Text>Metric-name prefixes found here (most common first):</Text>
			<Text color={theme.color('accent')} wrap="wrap">
				{detection.prefixes.length > 0 ? detection.prefixes.map(item => `${item.prefix}_* (${item.count})`).join('  ') : '(only Prometheus’ own metrics)'}
			</Text>
			<Text> </Text>
			<Text wrap="wrap">
				If Prometheus does not scrape your system yet, add its job and press r. To monitor another system, describe it in a profile file and run agentmon --profile ./my-system.yaml
				(see examples/custom-profile.yaml), or force a built-in profile with --profile ID.
			</Text>
		</Box>
	);
}
