// Which copy of a dependency the bundle takes (issue 7: what is loaded stays in memory all the time).
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const NO_FORM_DATA = '\0agentmon-no-form-data';

/**
 * - One axios: prometheus-query `require`s axios (its CommonJS build, dist/node/axios.cjs) and
 *   prom-request.ts imports AxiosHeaders (package exports give an `import` its ESM sources): two
 *   copies, 425 KB of source and two sets of classes in memory. Both get the CommonJS build.
 * - No form-data: axios' CommonJS build requires it at load for multipart uploads agentmon never
 *   sends, and with it mime-types and mime-db (a 180 KB JSON of every MIME type, parsed into
 *   thousands of objects). axios takes `require('form-data')` being null as a runtime without the
 *   package and falls back to Node's own FormData (`new (FormData$1 || FormData)()`).
 */
export function dependencyChoices() {
	const axios = require.resolve('axios');
	if (!/axios[\\/]dist[\\/]node[\\/]axios\.cjs$/.test(axios)) throw new Error(`scripts/bundle-resolve.mjs: axios' CommonJS build moved (${axios}): update this file`);
	return {
		name: 'agentmon-dependency-choices',
		resolveId(source) {
			if (source === 'axios') return axios;
			if (source === 'form-data') return NO_FORM_DATA;
			return null;
		},
		load(id) {
			return id === NO_FORM_DATA ? 'module.exports = null;\n' : null;
		},
	};
}
