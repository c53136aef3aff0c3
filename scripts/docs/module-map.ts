import { Module } from '@nestjs/core/injector/module';

/** Nest's own plumbing, library internals and @nestjs/testing's wrapper: left out of the map. */
const HIDDEN = new Set(['InternalCoreModule', 'ConfigHostModule', 'TypeOrmCoreModule', 'RootTestModule']);

/**
 * The module graph of a running application (Nest's ModulesContainer) as a Mermaid flowchart:
 * one node per module class, one edge per `imports` entry. Nest links every module to every global
 * module; those links are shown only where a module imports the global one itself. The project's
 * modules are boxes, library modules are rounded.
 */
export async function renderModuleMap(modules: Iterable<Module>, ownModules: ReadonlySet<string>): Promise<string> {
  const edges = new Set<string>();
  const nodes = new Set<string>();
  for (const module of modules) {
    const from = module.metatype?.name;
    if (!from || HIDDEN.has(from)) {
      continue;
    }
    nodes.add(from);
    const declared = await declaredImports(module.metatype);
    for (const imported of module.imports) {
      const to = imported.metatype?.name;
      if (to && !HIDDEN.has(to) && to !== from && (!imported.isGlobal || declared.has(to))) {
        nodes.add(to);
        edges.add(`  ${from} --> ${to}`);
      }
    }
  }
  const shape = (name: string) => (ownModules.has(name) ? `  ${name}[${name}]` : `  ${name}([${name}])`);
  return ['flowchart LR', ...[...nodes].sort().map(shape), ...[...edges].sort()].join('\n');
}

/** The module names in a module class's own `@Module({ imports })`, dynamic (and async) modules included. */
async function declaredImports(metatype: unknown): Promise<Set<string>> {
  const imports = await Promise.all((Reflect.getMetadata('imports', metatype as object) ?? []) as unknown[]);
  return new Set(
    imports
      .map((entry) => (entry as { module?: { name?: string } }).module?.name ?? (entry as { name?: string }).name)
      .filter((name): name is string => typeof name === 'string'),
  );
}
