import { getMetadataStorage } from 'class-validator';
import { EnvironmentVariables } from '../../src/config/env.validation';

/** Every environment variable the server reads (the EnvironmentVariables class), with its default. */
export function environmentVariables(): { name: string; defaultValue: unknown }[] {
  const defaults = new EnvironmentVariables() as unknown as Record<string, unknown>;
  const names = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
      .map((metadata) => metadata.propertyName),
  );
  return [...names].map((name) => ({ name, defaultValue: defaults[name] }));
}

const GROUPS: [label: string, matches: (name: string) => boolean][] = [
  ['database connection', (name) => name.startsWith('DB_')],
  ['JWT secret and lifetime', (name) => name.startsWith('JWT_')],
  ['logs and metrics', (name) => name.startsWith('LOG_') || name.startsWith('METRICS_')],
  ['server: URL, ports, limits', () => true],
];

function grouped(): Map<string, string[]> {
  const groups = new Map<string, string[]>(GROUPS.map(([label]) => [label, []]));
  for (const { name } of environmentVariables()) {
    const [label] = GROUPS.find(([, matches]) => matches(name)) ?? GROUPS[GROUPS.length - 1];
    groups.get(label)?.push(name);
  }
  return groups;
}

/**
 * The generated blocks of `docs/architecture.md`: the configuration node of the request path diagram
 * (the variables by group), the table of variables with their defaults, and the module map.
 */
export function architectureBlocks(moduleMap: string): Record<string, string> {
  const config = [...grouped().entries()].map(([label, names]) => `${label}: ${names.join(', ')}`).join('<br>');
  const variables = environmentVariables().map(
    ({ name, defaultValue }) =>
      `| \`${name}\` | ${defaultValue === undefined ? '' : `\`${String(defaultValue as string | number | boolean)}\``} |`,
  );
  return {
    'config-variables': `    config["Configuration: environment variables, validated at startup by @nestjs/config<br>${config}"]`,
    'environment-variables': ['| Variable | Default |', '| --- | --- |', ...variables].join('\n'),
    'module-map': ['```mermaid', moduleMap, '```'].join('\n'),
  };
}
