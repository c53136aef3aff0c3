/** `a, b,c` → `['a', 'b', 'c']`; unset → `[]`. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** `db1:3307, [::1]` → `[{ host: 'db1', port: 3307 }, { host: '::1', port: 3306 }]`. */
export function parseHostList(value: string | undefined, defaultPort = 3306): { host: string; port: number }[] {
  return splitList(value).map((entry) => {
    const match = /^\[(.+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+)(?::(\d+))?$/.exec(entry);
    return { host: match?.[1] ?? entry, port: match?.[2] === undefined ? defaultPort : Number(match[2]) };
  });
}
