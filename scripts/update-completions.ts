// Regenerates completions/ from the command tree: npm run completions
import { writeFileSync } from 'node:fs';
import { COMPLETION_FILES, generatedCompletion } from '../test/helpers/completions.js';

for (const { shell, file } of COMPLETION_FILES) {
    writeFileSync(new URL(`../completions/${file}`, import.meta.url), await generatedCompletion(shell));
}
