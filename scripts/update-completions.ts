// Regenerates completions/ from the command tree: npm run completions
import { writeFileSync } from 'node:fs';
import { COMPLETION_FILES, shippedCompletion } from '../src/completion/shipped.js';

for (const { shell, file } of COMPLETION_FILES) {
    writeFileSync(new URL(`../completions/${file}`, import.meta.url), shippedCompletion(shell));
}
