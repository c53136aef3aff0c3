import { readdirSync } from 'node:fs';

/** The project's own NestJS modules, by class name, from the `*.module.ts` files under `src/`. */
export function ownModuleNames(srcDir: string): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(srcDir, { recursive: true, encoding: 'utf8' })) {
    const match = /([a-z-]+)\.module\.ts$/.exec(entry);
    if (match) {
      names.add(`${match[1].replace(/(^|-)([a-z])/g, (_all, _dash, letter: string) => letter.toUpperCase())}Module`);
    }
  }
  return names;
}
