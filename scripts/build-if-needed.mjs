// `npm start` runs this first: it builds with the Nest CLI only when dist/ is missing or older than the sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUT = 'dist/main.js';
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];

function newestMtime(path) {
  if (!existsSync(path)) {
    return 0;
  }
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

const built = existsSync(OUTPUT) ? statSync(OUTPUT).mtimeMs : 0;
if (built === 0 || Math.max(...INPUTS.map(newestMtime)) > built) {
  console.log(built === 0 ? 'No build found: building…' : 'Sources changed since the last build: rebuilding…');
  execFileSync('npx', ['nest', 'build'], { stdio: 'inherit' });
}
