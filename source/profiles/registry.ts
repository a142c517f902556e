import {agentOrchestrator} from './agent-orchestrator.js';
import {cliOrchestrator} from './cli-orchestrator.js';
import {codingTeam} from './coding-team.js';
import {coordinationServer} from './coordination-server.js';
import {devPipeline} from './dev-pipeline.js';
import type {Profile} from './types.js';

const PROFILES: readonly Profile[] = [coordinationServer, codingTeam, cliOrchestrator, agentOrchestrator, devPipeline];

/** Ids of every built-in profile, in display order. */
export function profileIds(): string[] {
	return PROFILES.map(profile => profile.id);
}

/** The built-in profile with this id, if any. */
export function findProfile(id: string): Profile | undefined {
	return PROFILES.find(profile => profile.id === id);
}

/** Every built-in profile. */
export function allProfiles(): readonly Profile[] {
	return PROFILES;
}
