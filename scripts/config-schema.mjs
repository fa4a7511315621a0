// Writes schemas/vmm.config.schema.json from the rule registry (run after `npm run build`); a test holds the file to it.
import { writeFileSync } from 'node:fs';
import { configSchema } from '../out/server/src/config.js';
import { rules } from '../out/server/src/rules/registry.js';

writeFileSync(new URL('../schemas/vmm.config.schema.json', import.meta.url), JSON.stringify(configSchema(rules), null, 2) + '\n');
