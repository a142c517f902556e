import os from 'node:os';
import path from 'node:path';

/** `$XDG_CONFIG_HOME/agentmon/config.yaml`, else `~/.config/agentmon/config.yaml`. */
export function defaultConfigPath(env: NodeJS.ProcessEnv): string {
	return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'agentmon', 'config.yaml');
}
