// Writes src/metadata.ts: what the @nestjs/swagger CLI plugin learns from the DTOs' types, comments and
// class-validator decorators. `nest build` (tsc) applies the plugin itself, but Jest compiles with SWC,
// which cannot run it; loading this file gives the tests the same OpenAPI document as production.
// CI regenerates it and fails when the committed copy is stale.
const { join } = require('node:path');
const { PluginMetadataGenerator } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');
const nestCli = require('../nest-cli.json');

const swaggerPlugin = nestCli.compilerOptions.plugins.find((plugin) => plugin.name === '@nestjs/swagger');

new PluginMetadataGenerator().generate({
  visitors: [new ReadonlyVisitor({ ...swaggerPlugin.options, pathToSource: join(__dirname, '..', 'src') })],
  outputDir: join(__dirname, '..', 'src'),
  filename: 'metadata.ts',
  tsconfigPath: 'tsconfig.build.json',
  watch: false,
  printDiagnostics: false,
});
