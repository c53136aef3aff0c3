// Writes src/metadata.ts: what the @nestjs/swagger CLI plugin learns from the DTOs' types, comments and
// class-validator decorators. `nest build` (tsc) applies the plugin itself, but Jest compiles with SWC,
// which cannot run it; loading this file gives the tests the same OpenAPI document as production.
// CI regenerates it and fails when the committed copy is stale.
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib/processes';

interface NestCliConfig {
  compilerOptions: { plugins: { name: string; options: Record<string, unknown> }[] };
}

function main(): void {
  const nestCli = JSON.parse(readFileSync(path.join(ROOT, 'nest-cli.json'), 'utf8')) as NestCliConfig;
  const swaggerPlugin = nestCli.compilerOptions.plugins.find((plugin) => plugin.name === '@nestjs/swagger');
  if (!swaggerPlugin) {
    throw new Error('nest-cli.json enables no @nestjs/swagger plugin');
  }
  const source = path.join(ROOT, 'src');
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ ...swaggerPlugin.options, pathToSource: source })],
    outputDir: source,
    filename: 'metadata.ts',
    // The generator reads it relative to the current directory.
    tsconfigPath: path.relative(process.cwd(), path.join(ROOT, 'tsconfig.build.json')),
    watch: false,
    printDiagnostics: false,
  });
}

main();
